"""Print numbers the way stored notebook outputs need them: rounded and ordered.

Full-precision floats change in the 7th digit between CPUs, so every number a
compared notebook cell prints goes through these helpers.
"""


def fmt(value, digits=3):
    """Round floats to `digits` decimals; leave everything else as it is."""
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return f"{float(value):.{digits}f}"
    return str(value)


def print_metrics(digits=3, **metrics):
    """Print `name: value` lines, in the order given, floats rounded."""
    width = max((len(name) for name in metrics), default=0)
    for name, value in metrics.items():
        print(f"{name:<{width}} : {fmt(value, digits)}")


def print_table(rows, headers, digits=3):
    """Print a plain-text table with aligned columns, floats rounded."""
    cells = [[fmt(v, digits) for v in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h))
              for i, h in enumerate(headers)]
    line = "  ".join(f"{h:<{w}}" for h, w in zip(headers, widths))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(f"{v:<{w}}" for v, w in zip(row, widths)).rstrip())
