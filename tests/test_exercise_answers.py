"""Every exercise answer, read off the weights and outputs of a real Keras model, passes its check.

The checks' expected values are written by hand in `answers/` (and sealed for the kit); here
each answer is derived independently, from the model the exercise describes
(slide shape = transpose of the Keras kernel, vectors are columns), so a wrong
expected value in a check fails this test.
"""
import keras
import numpy as np
import pytest

from course_utils import checks, shapes
from course_utils.notation import slide_shape


def column(vector_batch):
    """Slide shape of one position's output vector, from a Keras output of shape (batch, [time,] n)."""
    return (int(np.shape(vector_batch)[-1]), 1)


def rnn_directions(model, name):
    layer = model.get_layer(name)
    return (layer.forward_layer, layer.backward_layer) if hasattr(layer, "forward_layer") else (layer,)


def block(kernel, gate, units):
    """Keras concatenates the gates along the last axis; `gate` is the block's position (GRU: z=0, r=1, h=2)."""
    return np.asarray(kernel)[..., gate * units:(gate + 1) * units]


def outputs(model, names, ids):
    viewer = keras.Model(model.input, [model.get_layer(n).output for n in names])
    results = viewer(ids)
    results = results if isinstance(results, (list, tuple)) else [results]   # one output comes back bare
    return dict(zip(names, (keras.ops.convert_to_numpy(t) for t in results)))


IDS = np.array([[3, 1, 4, 1, 5]], dtype="int32")


def answers_ex01():
    V, d = checks.ex01.sizes["vocabulary"], checks.ex01.sizes["features"]
    embedding = keras.layers.Embedding(V, d)
    embedding.build((None,))
    E = np.asarray(embedding.embeddings).T                 # slide E: d x |V|
    x = np.zeros((V, 1))
    x[42] = 1
    return dict(x=x.shape, E=E.shape, Ex=(E @ x).shape, keras_weight=tuple(embedding.embeddings.shape),
                parameters=embedding.count_params())


def answers_ex02_1():
    n_a, n_x = checks.ex02_1.sizes["n_a"], checks.ex02_1.sizes["n_x"]
    rnn = keras.layers.SimpleRNN(n_a)
    rnn.build((None, None, n_x))
    kernel, recurrent_kernel, _ = rnn.get_weights()
    W_aa, W_ax = recurrent_kernel.T, kernel.T
    a_t = keras.ops.convert_to_numpy(rnn(np.zeros((1, 2, n_x), dtype="float32")))
    return dict(W_aa=W_aa.shape, W_ax=W_ax.shape, W_a=np.hstack([W_aa, W_ax]).shape,
                stacked=np.vstack([np.zeros((n_a, 1)), np.zeros((n_x, 1))]).shape, a_t=column(a_t))


def answers_ex03_1():
    d, u = checks.ex03_1.sizes["inputs"], checks.ex03_1.sizes["units"]
    layers = {"simple_rnn": keras.layers.SimpleRNN(u), "gru": keras.layers.GRU(u),
              "gru_reset_after_false": keras.layers.GRU(u, reset_after=False), "lstm": keras.layers.LSTM(u),
              "bidirectional_lstm": keras.layers.Bidirectional(keras.layers.LSTM(u))}
    for layer in layers.values():
        layer.build((None, None, d))
    return {name: layer.count_params() for name, layer in layers.items()}


def answers_ex22_1():
    e = checks.ex22_1.sizes
    model = shapes.build(shapes.ModelSpec(e["vocabulary"], e["embedding"], e["hidden"], e["classes"]))
    rnn, = rnn_directions(model, "rnn_1")
    kernel, recurrent_kernel, _ = rnn.get_weights()
    out = outputs(model, ["embedding", "output"], IDS)
    return dict(E=slide_shape(model.get_layer("embedding").get_weights()[0]), e_i=column(out["embedding"]),
                W_h=slide_shape(recurrent_kernel), W_e=slide_shape(kernel),
                W_o=slide_shape(model.get_layer("output").get_weights()[0]), o_i=column(out["output"]))


def _attention_model():
    e = checks.ex22_2a.sizes
    spec = shapes.ModelSpec(1000, 32, e["state"] // 2, e["classes"], cell="gru", bidirectional=True,
                            head="attention", attention=(e["hidden"],) * (e["layers_in_the_reveal"] - 1))
    return shapes.build(spec)


def mlp_outputs(model, ids):
    """The outputs of the attention MLP's layers (hidden_1, hidden_2, ..., score) for the words of `ids`."""
    attention = model.get_layer("attention")
    x, result = outputs(model, ["rnn_1"], ids)["rnn_1"], []
    for dense in (*attention.hidden, attention.score):
        x = keras.ops.convert_to_numpy(dense(x))
        result.append(x)
    return result


def answers_ex22_2a():
    model = _attention_model()                                            # l = 4 layers: 1, two middle, last
    out1, out_middle, _, score = mlp_outputs(model, IDS)
    W1, b1, W2, b2, _, _, W_last, b_last = model.get_layer("attention").get_weights()
    return dict(W1=slide_shape(W1), b1=slide_shape(b1), out1=column(out1), W_middle=slide_shape(W2), b_middle=slide_shape(b2),
                out_middle=column(out_middle), W_last=slide_shape(W_last), b_last=slide_shape(b_last), score=column(score))


def answers_ex22_2b():
    model = _attention_model()
    out = outputs(model, ["attention", "output"], IDS)
    W_o, b_o = model.get_layer("output").get_weights()
    return dict(h_sum=column(out["attention"]), W_o=slide_shape(W_o), b_o=slide_shape(b_o), p=column(out["output"]))


def reads(model, name):
    """The slide symbol of what layer `name` reads: the embeddings, or both directions of the layer below."""
    tensor = model.get_layer(name).input
    source = (tensor[0] if isinstance(tensor, list) else tensor)._keras_history[0]
    if isinstance(source, keras.layers.Embedding):
        return "e_i"
    assert isinstance(source, keras.layers.Bidirectional) and source.merge_mode == "concat"
    return source.name


def previous_step(direction):
    """The position of the previous state: a backward RNN (go_backwards) steps from i+1 to i."""
    return "i+1" if direction.go_backwards else "i-1"


def answers_ex22_3():
    e = checks.ex22_3.sizes
    u, M = e["units"], 3                                               # layer m = 3 = M, the top
    model = shapes.build(shapes.ModelSpec(1000, e["embedding"], u, 2, cell="gru", layers=M, bidirectional=True,
                                          head="attention", attention=(64,)))
    first, last = rnn_directions(model, "rnn_1"), rnn_directions(model, f"rnn_{M}")
    out = outputs(model, ["rnn_1", f"rnn_{M}"], IDS)
    kernel, recurrent = 0, 1      # the lecture's W multiplies the state (recurrent_kernel), U the input (kernel)
    below = {"e_i": "e_i", f"rnn_{M - 1}": "h(m-1)_i"}
    assert reads(model, "attention") == f"rnn_{M}"                      # the top layer
    return dict(W_z_1=slide_shape(block(first[0].get_weights()[recurrent], 0, u)),
                U_z_1=slide_shape(block(first[0].get_weights()[kernel], 0, u)),
                h_1=column(out["rnn_1"]), W_z_m=slide_shape(block(last[1].get_weights()[recurrent], 0, u)),
                U_z_m=slide_shape(block(last[1].get_weights()[kernel], 0, u)), h_m=column(out[f"rnn_{M}"]),
                params_layer_1=model.get_layer("rnn_1").count_params(),
                params_layer_m=model.get_layer(f"rnn_{M}").count_params(),
                forward_1_previous=f"h_fwd(1)_{previous_step(first[0])}", forward_1_input=below[reads(model, "rnn_1")],
                backward_1_previous=f"h_bwd(1)_{previous_step(first[1])}",
                backward_1_input=below[reads(model, "rnn_1")],
                forward_m_previous=f"h_fwd(m)_{previous_step(last[0])}",
                forward_m_input=below[reads(model, f"rnn_{M}")],
                backward_m_previous=f"h_bwd(m)_{previous_step(last[1])}",
                backward_m_input=below[reads(model, f"rnn_{M}")], attention_reads="h(M)_i")


def answers_ex22_4():
    e = checks.ex22_4.sizes
    model = shapes.build(shapes.ModelSpec(1000, 50, e["state"] // 2, 2, cell="gru", bidirectional=True,
                                          head="attention", attention=(e["attention_hidden"],),
                                          num_labels=e["labels"]))
    _, _, W_l, b_l = model.get_layer("attention").get_weights()       # hidden_1, then the score layer
    kernel, bias = model.get_layer("output").get_weights()            # (state, labels), (labels,)
    h_sums = outputs(model, ["attention"], IDS)["attention"]           # (batch, labels, state)
    c = 0                                                              # label c's own weights: one column
    return dict(W_l=slide_shape(W_l), b_l=slide_shape(b_l), scores=column(mlp_outputs(model, IDS)[-1]),
                h_sum_c=column(h_sums[:, c]), w_c=slide_shape(kernel[:, c]), b_c=slide_shape(bias[c:c + 1]))


def answers_ex08_1():
    from course_utils.layers import TiedEmbedding

    e = checks.ex08_1.sizes
    V, d, u = e["vocabulary"], e["embedding"], e["units"]
    model = shapes.build(shapes.ModelSpec(V, d, u, V))       # the lecture's RNN language model, |V| outputs
    kernel, recurrent_kernel, _ = model.get_layer("rnn_1").get_weights()
    W_o = model.get_layer("output").get_weights()[0]
    out = outputs(model, ["embedding", "output"], IDS)
    ids = keras.Input(shape=(None,), dtype="int32")
    tied = TiedEmbedding(V, d)
    h = keras.layers.SimpleRNN(u, return_sequences=True)(tied(ids))
    tied_model = keras.Model(ids, tied(keras.layers.Dense(d, use_bias=False)(h)))
    return dict(E=slide_shape(model.get_layer("embedding").get_weights()[0]), e_t=column(out["embedding"]),
                W_h=slide_shape(recurrent_kernel), W_e=slide_shape(kernel), W_o=slide_shape(W_o), o_t=column(out["output"]),
                keras_embedding=model.get_layer("embedding").get_weights()[0].shape, keras_output_kernel=W_o.shape,
                params_untied=model.count_params(), params_tied=tied_model.count_params())


def attention_models():
    """The encoder biGRU, decoder GRU and the three attention layers of exercise 09.1, built on real tensors."""
    from course_utils.layers import EncoderDecoderAttention

    e = checks.ex09_1.sizes
    n = e["source_length"]
    source = np.zeros((1, n, 8), dtype="float32")
    H = keras.layers.Bidirectional(keras.layers.GRU(e["encoder_units"], return_sequences=True))(source)
    s = keras.layers.GRU(e["decoder_units"], return_sequences=True)(np.zeros((1, 1, 8), dtype="float32"))
    layers = {"additive": EncoderDecoderAttention("additive", units=e["attention_units"]),
              "general": EncoderDecoderAttention("general"),
              "location": EncoderDecoderAttention("location", max_source_length=n)}
    out = {name: layer(s, H, return_attention_scores=True) for name, layer in layers.items()}
    return H, s, layers, out


def answers_ex09_1():
    H, s, layers, out = attention_models()
    context, alpha = out["additive"]
    W, v = (keras.ops.convert_to_numpy(w) for w in layers["additive"].weights)
    return dict(h_j=column(H), s_t=column(s), W_a_additive=slide_shape(W), v_a=slide_shape(v),
                e_t=(int(alpha.shape[-1]), 1), alpha_t=(int(alpha.shape[-1]), 1), z_t=column(context),
                W_a_general=tuple(layers["general"].W_a.shape), W_a_location=slide_shape(layers["location"].W_a),
                params_additive=layers["additive"].count_params(), params_general=layers["general"].count_params(),
                params_location=layers["location"].count_params())


def answers_ex10_1():
    layers = shapes.regularisation_layers(**checks.ex10_1.sizes)
    highway, cell = layers["highway"], layers["ln_lstm"].cell
    W_H, b_H, W_T, b_T = highway.get_weights()
    sizes = checks.ex10_1.sizes
    batch = np.ones((sizes["batch"], sizes["time"], sizes["input_dim"]), dtype="float32")
    kept = keras.ops.convert_to_numpy(layers["input_dropout"](batch, training=True)) != 0
    mask_shape = tuple(1 if (kept == kept.take([0], axis=a)).all() else n for a, n in enumerate(kept.shape))
    lstm = layers["lstm"]
    lstm.build(batch.shape)
    recurrent_mask = lstm.cell.get_recurrent_dropout_mask(keras.ops.zeros((sizes["batch"], sizes["units"])))
    u = sizes["units"]
    return dict(W_H=slide_shape(W_H), b_H=slide_shape(b_H), W_T=slide_shape(W_T), b_T=slide_shape(b_T), keras_b_T=b_T.shape,
                params_highway=highway.count_params(),
                W_f=slide_shape(block(cell.recurrent_kernel, 1, u)), U_f=slide_shape(block(cell.kernel, 1, u)),
                kernel=tuple(cell.kernel.shape), recurrent_kernel=tuple(cell.recurrent_kernel.shape),
                gate_gamma=tuple(cell.gate_gamma.shape), cell_gamma=tuple(cell.cell_gamma.shape),
                params_ln_lstm=layers["ln_lstm"].count_params(), noise_shape=mask_shape,
                recurrent_mask=tuple(recurrent_mask[0].shape))               # one mask per gate, 4 in all


def answers_ex11_1():
    model = shapes.char_cnn_encoder(**checks.ex11_1.sizes)
    kernel = model.get_layer("conv_3").get_weights()[0]                  # (3, 16, 25)
    word = np.zeros((1, checks.ex11_1.sizes["word_length"]), dtype="int32")
    word[0, :7] = np.arange(1, 8)
    conv_3, pooled = keras.Model(model.input, [model.get_layer("conv_3").output, model.get_layer("pooled").output])(word)
    W_H, b_H, W_T, b_T = model.get_layer("highway").get_weights()
    convs = sum(model.get_layer(f"conv_{w}").count_params() for w in checks.ex11_1.sizes["widths"])
    return dict(char_E=slide_shape(model.get_layer("char_E").get_weights()[0]),
                keras_char_E=model.get_layer("char_E").get_weights()[0].shape,
                W_3=slide_shape(kernel.reshape(-1, kernel.shape[-1])), conv_3_output=tuple(conv_3.shape[1:]),
                pooled=column(pooled), W_H=slide_shape(W_H), b_H=slide_shape(b_H), W_T=slide_shape(W_T), b_T=slide_shape(b_T),
                params_conv=convs, params_highway=model.get_layer("highway").count_params(),
                params_total=model.count_params())


DERIVED = {"ex10_1": answers_ex10_1, "ex11_1": answers_ex11_1, "ex09_1": answers_ex09_1, "ex08_1": answers_ex08_1, "ex01": answers_ex01, "ex02_1": answers_ex02_1, "ex03_1": answers_ex03_1, "ex22_1": answers_ex22_1,
           "ex22_2a": answers_ex22_2a, "ex22_2b": answers_ex22_2b, "ex22_3": answers_ex22_3,
           "ex22_4": answers_ex22_4}


def test_every_registered_check_has_answers_derived_from_keras():
    assert sorted(DERIVED) == sorted(checks.REGISTRY)


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_answers_read_off_a_real_keras_model_pass_the_check(name):
    function = checks.REGISTRY[name]
    spec = function.spec
    answers = DERIVED[name]()
    assert sorted(answers) == sorted(spec), "derive every item the check asks for"
    result = function(**answers)
    assert result.passed, str(result)
