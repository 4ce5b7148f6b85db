"""Train several small models at once, as one Keras model with one output per model; train a model again
from a fresh start without tracing its training step again.

Why: every `fit` traces its own training step and sets up its own data pipeline, then runs its tiny steps
one after another. One joint model is traced once and runs the models' steps side by side. It pays where
many small models train for many short epochs: notebook 10's nine language models, whole notebook in 0.90
of the time (paired runs). It does not pay for bigger steps: 09's encoder-decoders, 05's taggers and 03's
lag models ran as slowly or more slowly together, and the joint graph takes more memory.

Nothing else changes. Each model's loss depends only on its own weights, so the gradient of the summed loss
with respect to a model's weights is that model's own gradient; Adam and SGD update each weight from its own
gradient alone, so every model takes the steps it would take if trained alone on the same batches
(`tests/test_training.py` compares the weights). Dropout and other noise draw from each layer's own seed.
"""
import re

import keras
import numpy as np


def fit_together(models, x, y, *, epochs, batch_size, validation_data=None, patience=None, callbacks=(),
                 shuffle=True):
    """Fit `models` ({name: compiled single-output model}) on the same batches, in one graph.

    x, y: one array (or list of arrays) for every model, or {name: ...} per model, with equal numbers of rows.
    validation_data: (x, y) in the same form, or None.
    epochs: one number for all, or {name: epochs}; a model that is done keeps the weights of its last epoch.
    patience: {name: epochs}: early stopping on that model's validation loss, best weights restored, as
      `keras.callbacks.EarlyStopping(patience=..., restore_best_weights=True)` does for one model.
    Returns {name: history}: that model's own "loss", "val_loss" and metrics, one value per epoch it trained.
    The joint model has an optimizer of its own; each model's own is left as it was, so a later `model.fit`
    starts its optimizer's state (Adam's moments) afresh.
    """
    names = list(models)
    outputs = {name: f"model_{i}_{re.sub(r'[^0-9A-Za-z]+', '_', name)}"[:60] for i, name in enumerate(names)}
    own_epochs = {name: epochs[name] if isinstance(epochs, dict) else epochs for name in names}
    patience = dict(patience or {})
    if patience and validation_data is None:
        raise ValueError("early stopping (patience) needs validation_data")
    optimizer = same_optimizer(models)

    inputs, joint_outputs = [], []
    for name in names:
        model = models[name]
        own_inputs = [keras.Input(shape=t.shape[1:], dtype=t.dtype) for t in model.inputs]
        inputs += own_inputs
        out = model(own_inputs if len(own_inputs) > 1 else own_inputs[0])
        joint_outputs.append(keras.layers.Identity(name=outputs[name])(out))
    joint = keras.Model(inputs, joint_outputs)
    config = {name: models[name].get_compile_config() for name in names}
    joint.compile(optimizer=optimizer,
                  loss={outputs[n]: models[n].loss for n in names},
                  metrics={outputs[n]: [deserialized(m) for m in config[n]["metrics"] or []] for n in names})

    def arrange(xs, ys):
        """The joint model's inputs (each model's own, in order) and targets ({output: y})."""
        per_x = {n: (xs[n] if isinstance(xs, dict) else xs) for n in names}
        per_y = {n: (ys[n] if isinstance(ys, dict) else ys) for n in names}
        flat = [a for n in names for a in (per_x[n] if isinstance(per_x[n], (list, tuple)) else [per_x[n]])]
        return flat, {outputs[n]: per_y[n] for n in names}

    keeper = KeepOwnEpochs(models, outputs, own_epochs, patience)
    joint.fit(*arrange(x, y), validation_data=arrange(*validation_data) if validation_data else None,
              epochs=max(own_epochs.values()), batch_size=batch_size, shuffle=shuffle,
              callbacks=[keeper, *callbacks], verbose=0)
    return keeper.histories()


def restart(model, fresh):
    """Put `model` back where `fresh` starts: `fresh`'s initial weights, random streams (dropout's) and optimizer
    state (Adam's moments, its step count), so that fitting `model` again trains it as `fresh` would be trained.

    Why: on TensorFlow a model traces its training step on its first `fit`, which for a small RNN costs about
    as much as a few epochs on the kit's corpora, and a new model of the same architecture traces again. Building
    `fresh` (say, with another seed) costs no trace, and `model` keeps its traced step. `fresh` must have
    the same layers and be compiled alike (`tests/test_training.py` compares the weights after training).
    Returns `model`.
    """
    for m in (model, fresh):
        if not m.optimizer.built:           # cu.setup makes compile build it; without, it waits for the first step
            m.optimizer.build(m.trainable_variables)
    pairs = [(model.variables, fresh.variables), (model.optimizer.variables, fresh.optimizer.variables)]
    for own, new in pairs:
        if [tuple(v.shape) for v in own] != [tuple(v.shape) for v in new]:
            raise ValueError(f"restart: {fresh.name!r} is not built like {model.name!r} (its weights or optimizer "
                             "differ): build it with the same function and compile it alike")
        for variable, value in zip(own, new):
            variable.assign(value)
    return model


def same_optimizer(models):
    """A fresh optimizer like the models' own; they must all have the same one (one joint optimizer)."""
    configs = {}
    for name, model in models.items():
        config = dict(model.optimizer.get_config(), name=None)
        configs[name] = (type(model.optimizer), config)
    first = next(iter(configs.values()))
    different = [name for name, c in configs.items() if c != first]
    if different:
        raise ValueError(f"fit_together trains every model with one optimizer, but {different} were compiled "
                         f"with another one than {next(iter(models))!r}: compile them alike, or fit them alone")
    optimizer_class, config = first
    return optimizer_class.from_config({k: v for k, v in config.items() if k != "name"})


def deserialized(metric):
    return keras.saving.deserialize_keras_object(metric) if isinstance(metric, dict) else metric


class KeepOwnEpochs(keras.callbacks.Callback):
    """Give each model the weights and history of its own number of epochs, or of its own early stopping."""

    def __init__(self, models, outputs, epochs, patience):
        super().__init__()
        self.models, self.outputs, self.epochs, self.patience = models, outputs, epochs, patience
        self.logs = {name: [] for name in models}
        self.kept = {}                      # name -> weights to put back at the end
        self.done = set()
        self.best = {name: (np.inf, 0) for name in patience}      # (validation loss, epochs without a better one)

    def on_epoch_end(self, epoch, logs=None):
        for name, model in self.models.items():
            if name in self.done:
                continue
            prefix = self.outputs[name] + "_"
            own = {key.replace(prefix, ""): float(value) for key, value in logs.items() if prefix in key}
            self.logs[name].append(own)
            if name in self.patience:
                best, waited = self.best[name]
                if own["val_loss"] < best:
                    self.best[name], self.kept[name] = (own["val_loss"], 0), model.get_weights()
                else:
                    self.best[name] = (best, waited + 1)
                    if waited + 1 >= self.patience[name]:
                        self.done.add(name)
            if epoch + 1 >= self.epochs[name]:
                self.done.add(name)
                if name not in self.patience:
                    self.kept[name] = model.get_weights()
        if len(self.done) == len(self.models):
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        for name, weights in self.kept.items():
            self.models[name].set_weights(weights)

    def histories(self):
        return {name: {key: [epoch[key] for epoch in rows] for key in rows[0]} for name, rows in self.logs.items()}
