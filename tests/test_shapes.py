"""The shape tables must agree with real Keras models, weight by weight."""
import pytest

import answers
from course_utils import checks, shapes

SPECS = [
    shapes.ModelSpec(1000, 30, 50, 7),                                              # 22.1 in small
    shapes.ModelSpec(500, 16, 8, 3, cell="gru", reset_after=False),
    shapes.ModelSpec(500, 16, 8, 3, cell="lstm", layers=3),
    shapes.ModelSpec(500, 16, 8, 3, cell="gru", layers=2, bidirectional=True),
    shapes.ModelSpec(500, 16, 8, 4, cell="simple_rnn", bidirectional=True, head="max_pool"),
    shapes.ModelSpec(500, 16, 8, 4, cell="gru", bidirectional=True, head="attention", attention=(6, 6)),
    shapes.ModelSpec(500, 16, 8, 4, cell="lstm", layers=2, bidirectional=True, head="attention",
                     attention=(6,), num_labels=5),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.cell}-{s.layers}-{s.bidirectional}-{s.head}")
def test_every_row_matches_the_keras_model(spec):
    rows = shapes.table(spec)
    model = shapes.build(spec)
    assert shapes.verify(rows, model) == []
    assert shapes.parameter_count(rows) == model.count_params()


def test_verify_reports_a_wrong_row():
    spec = shapes.ModelSpec(100, 8, 4, 3)
    rows = shapes.table(spec)
    bad = [r if r.symbol != "W(o)" else shapes.Row("W(o)", (4, 3), "", r.keras, r.keras_shape, r.source)
           for r in rows]
    problems = shapes.verify(bad, shapes.build(spec))
    assert len(problems) == 1 and problems[0].startswith("W(o): Keras gives slide shape (3, 4)")


def slide(rows, symbol):
    return next(r.slide for r in rows if r.symbol == symbol)


def test_exercise_22_1_answers_match_the_real_model():
    e = checks.ex22_1.sizes
    spec = shapes.ModelSpec(e["vocabulary"], e["embedding"], e["hidden"], e["classes"])
    rows = shapes.table(spec)
    assert shapes.verify(rows, shapes.build(spec)) == []
    expected = {name: rule.expected for name, rule in answers.ex22_1.spec.items()}
    assert expected == {"E": slide(rows, "E"), "e_i": slide(rows, "e_i"), "W_h": slide(rows, "W(h) [1]"),
                        "W_e": slide(rows, "W(e) [1]"), "W_o": slide(rows, "W(o)"), "o_i": slide(rows, "o_i")}


def test_exercise_22_3_answers_match_the_real_model():
    e = checks.ex22_3.sizes
    spec = shapes.ModelSpec(1000, e["embedding"], e["units"], 2, cell="gru", layers=3, bidirectional=True)
    rows, model = shapes.table(spec), shapes.build(spec)
    assert shapes.verify(rows, model) == []
    s = answers.ex22_3.spec
    assert s["W_z_1"].expected == slide(rows, "W(z) [1 →]") and s["U_z_1"].expected == slide(rows, "U(z) [1 →]")
    assert s["W_z_m"].expected == slide(rows, "W(z) [3 ←]") and s["h_m"].expected == slide(rows, "h_i [3]")
    assert s["params_layer_1"].expected == model.get_layer("rnn_1").count_params()
    assert s["params_layer_m"].expected == model.get_layer("rnn_3").count_params()


def test_exercise_22_4_answers_match_the_real_model():
    e = checks.ex22_4.sizes
    spec = shapes.ModelSpec(1000, 50, e["state"] // 2, 2, cell="gru", bidirectional=True, head="attention",
                            attention=(e["attention_hidden"],), num_labels=e["labels"])
    rows, model = shapes.table(spec), shapes.build(spec)
    assert shapes.verify(rows, model) == []
    s = answers.ex22_4.spec
    assert s["W_l"].expected == slide(rows, "W(2)") and s["scores"].expected == slide(rows, "score_i")
    assert s["h_sum_c"].expected == slide(rows, "h_sum,c") and s["w_c"].expected == slide(rows, "w_c (each label c)")


def test_exercise_03_1_counts_match_keras():
    import keras

    d, u = checks.ex03_1.sizes["inputs"], checks.ex03_1.sizes["units"]
    layers = {"simple_rnn": keras.layers.SimpleRNN(u), "gru": keras.layers.GRU(u),
              "gru_reset_after_false": keras.layers.GRU(u, reset_after=False), "lstm": keras.layers.LSTM(u),
              "bidirectional_lstm": keras.layers.Bidirectional(keras.layers.LSTM(u))}
    for name, layer in layers.items():
        layer.build((None, None, d))
        assert answers.ex03_1.spec[name].expected == layer.count_params(), name


def test_unknown_cell_or_head_is_refused_clearly():
    with pytest.raises(ValueError, match="cell must be one of"):
        shapes.ModelSpec(10, 2, 2, cell="transformer")
    with pytest.raises(ValueError, match="num_labels .* needs head='attention'"):
        shapes.ModelSpec(10, 2, 2, num_labels=3)
