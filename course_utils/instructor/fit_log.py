"""Time every Keras `fit`, `evaluate` and `predict` inside a notebook's kernel, for `run --fits`.

Why: a model's first epoch includes tracing its training step and preparing its graph, its later epochs do
not. The difference is a cost per model that fewer epochs or less data do not remove, so it bounds how fast
a notebook that trains several models can be. The first `predict` or `evaluate` of a model traces too.

`cu.setup` installs the timers when the instructor's runner sets `COURSE_FIT_LOG` to a file; they append one
JSON line per call to it and change nothing else (no output, no weights, no random numbers).
"""
import json
import time
import weakref

INFERENCE = ("evaluate", "predict")


def install(path):
    """Wrap `keras.Model.fit`, `evaluate` and `predict` so that each call appends its timing to `path`."""
    import keras

    if getattr(keras.Model.fit, "fit_log", None) == path:
        return   # a re-run of the setup cell
    numbers = weakref.WeakKeyDictionary()   # model -> its number in this kernel; a model's id can be reused

    def number_of(model):
        return numbers.setdefault(model, len(numbers) + 1)

    def write(record):
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps(record) + "\n")

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.start)

    def timed_fit(fit):
        def fit_and_log(model, *args, **kwargs):
            timer = EpochTimer()
            timer.seconds = []
            kwargs["callbacks"] = [*(kwargs.get("callbacks") or []), timer]
            start = time.perf_counter()
            history = fit(model, *args, **kwargs)
            write({"call": "fit", "model": number_of(model), "name": model.name, "epochs": timer.seconds,
                   "seconds": time.perf_counter() - start})
            return history
        return fit_and_log

    def timed(call, method):
        def call_and_log(model, *args, **kwargs):
            start = time.perf_counter()
            result = method(model, *args, **kwargs)
            write({"call": call, "model": number_of(model), "name": model.name,
                   "seconds": time.perf_counter() - start})
            return result
        return call_and_log

    keras.Model.fit = timed_fit(keras.Model.fit)
    for call in INFERENCE:
        setattr(keras.Model, call, timed(call, getattr(keras.Model, call)))
    keras.Model.fit.fit_log = path


def read(path):
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def summarise(records):
    """What one notebook's models cost once, from its records.

    For each trained model: its first epoch minus the mean of its later epochs (of any later `fit` of the same
    model, which reuses the traced step) is its first-epoch overhead; a model trained for a single epoch has
    no later epoch to compare with, so its overhead is unknown and not counted. The first `evaluate` and the
    first `predict` of each model are counted whole (a trace and one pass). Returns a dict of totals.
    """
    epochs, inference_first, seen = {}, 0.0, set()
    for record in records:
        if record["call"] == "fit":
            epochs.setdefault(record["model"], []).extend(record["epochs"])
        elif (record["call"], record["model"]) not in seen:
            seen.add((record["call"], record["model"]))
            inference_first += record["seconds"]
    overheads = [max(times[0] - sum(times[1:]) / len(times[1:]), 0.0) for times in epochs.values() if len(times) > 1]
    return {
        "models": len(epochs),
        "epochs": sum(map(len, epochs.values())),
        "fit_seconds": sum(r["seconds"] for r in records if r["call"] == "fit"),
        "first_epoch_overhead": sum(overheads),
        "single_epoch_models": sum(len(times) == 1 for times in epochs.values()),
        "first_inference": inference_first,
    }
