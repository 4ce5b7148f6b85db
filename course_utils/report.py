"""Print numbers the way stored notebook outputs need them: rounded and ordered.

Full-precision floats change in the 7th digit between CPUs, so every number a
compared notebook cell prints goes through these helpers.
"""
import textwrap


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


def wrap_text(text, width):
    """`text` in lines of at most `width` characters, broken at spaces; a longer name such as
    `rnn_1.recurrent_kernel[:, 0:512]` breaks after a `.` or `_`, or before a `[`, never inside a word."""
    lines = []
    for piece in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]:
        while len(piece) > width:
            cuts = [i + 1 for i, c in enumerate(piece) if c in "._" and i + 1 <= width]
            cuts += [i for i, c in enumerate(piece) if c == "[" and 0 < i <= width]
            if not cuts:
                break                        # nowhere to break: the name stays whole, wider than `width`
            lines.append(piece[:max(cuts)])
            piece = piece[max(cuts):]
        lines.append(piece)
    return lines


def print_table(rows, headers, digits=3, wrap=None):
    """Print a plain-text table with aligned columns, floats rounded.

    `wrap` maps a column's header to a width: its cells wrap onto further lines of the row there, so that a
    table with long explanations stays narrower than JupyterLab's output area.
    """
    wrap = wrap or {}
    cells = [[fmt(v, digits) for v in row] for row in rows]
    lines = []                       # each row as one or more lines of cells
    for row in cells:
        parts = [wrap_text(v, wrap[h]) if h in wrap else [v] for v, h in zip(row, headers)]
        lines += [[p[k] if k < len(p) else "" for p in parts] for k in range(max(map(len, parts)))]
    widths = [max(len(str(h)), *(len(r[i]) for r in lines)) if lines else len(str(h))
              for i, h in enumerate(headers)]
    line = "  ".join(f"{h:<{w}}" for h, w in zip(headers, widths))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in lines:
        print("  ".join(f"{v:<{w}}" for v, w in zip(row, widths)).rstrip())
