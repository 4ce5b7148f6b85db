# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,../twins/solutions//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 10.2 · Write a highway layer as a Keras layer class
#
# Goes with notebook 10 (regularisation and depth), section 5, and notebook 11 (the character-CNN's highway
# layer). On the slides a highway layer mixes a transform $H$ of its input $x$ with $x$ itself:
#
# $$ y = T \odot H + (1 - T) \odot x, \qquad H = \mathrm{relu}(W_H x + b_H), \qquad T = \sigma(W_T x + b_T) $$
#
# In a Keras layer the rows are examples, so the products read $x W$: $H = \mathrm{relu}(x W_H + b_H)$ and
# $T = \sigma(x W_T + b_T)$, with `W_H` and `W_T` of Keras shape $(d, d)$ (in x out: the slides' matrices
# transposed) and `b_H`, `b_T` of shape $(d,)$, where $d$ is the input size. The output has the input's shape,
# $(B, d)$ or $(B, T, d)$.
#
# Write the class `Highway(keras.layers.Layer)`:
#
# - `Highway(transform_bias=-2.0)` (and Keras' usual keyword arguments, such as `name`): $b_T$ starts at
#   `transform_bias`, a negative number, so that the gate starts mostly closed; choose the other initial values
#   yourself;
# - it creates its four weights when it first sees an input (in `build`, from the input's last dimension), with
#   `add_weight`, named `"W_H"`, `"b_H"`, `"W_T"` and `"b_T"` (the check sets them by name);
# - it computes $y$ with `keras.ops`;
# - after `Embedding(mask_zero=True)` it keeps the padded batch's mask for the layers after it;
# - a model that holds it saves to `.keras` and loads back with `keras.saving.load_model(path)` and no
#   `custom_objects`, `transform_bias` included.
#
# **How to answer.** Write the class body, and the line above the class, where it says `...`; then run the check
# cell below it with the class itself, `cu.checks.ex10_2(Highway)`. The check builds your layer on inputs of its
# own sizes and compares it with `cu.layers.Highway` carrying the same weights; it puts it between an
# `Embedding(mask_zero=True)` and a pooling, runs a training step, and saves and loads a model that holds it in a
# temporary folder. It names the known mistakes: $T$ and $1 - T$ swapped, transposed kernels, $b_T$ not starting
# at `transform_bias`, the mask dropped, a class Keras cannot find or rebuild when it loads.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
import keras
from keras import ops


### BEGIN SOLUTION
@keras.saving.register_keras_serializable(package="exercises")
### END SOLUTION
class Highway(keras.layers.Layer):
    """y = T * H + (1 - T) * x, H = relu(x W_H + b_H), T = sigmoid(x W_T + b_T); W (d, d), b (d,)."""

    ### BEGIN SOLUTION
    def __init__(self, transform_bias=-2.0, **kwargs):
        super().__init__(**kwargs)
        self.transform_bias = transform_bias
        self.supports_masking = True                 # the mask passes through to the layers after this one

    def build(self, input_shape):
        d = input_shape[-1]
        self.W_H = self.add_weight(name="W_H", shape=(d, d), initializer="glorot_uniform")
        self.b_H = self.add_weight(name="b_H", shape=(d,), initializer="zeros")
        self.W_T = self.add_weight(name="W_T", shape=(d, d), initializer="glorot_uniform")
        self.b_T = self.add_weight(name="b_T", shape=(d,),
                                   initializer=keras.initializers.Constant(self.transform_bias))

    def call(self, inputs):
        transformed = ops.relu(ops.matmul(inputs, self.W_H) + self.b_H)
        gate = ops.sigmoid(ops.matmul(inputs, self.W_T) + self.b_T)
        return gate * transformed + (1.0 - gate) * inputs

    def get_config(self):
        return {**super().get_config(), "transform_bias": self.transform_bias}
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex10_2(Highway)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** With `transform_bias=-2.0`, about how large is $T$ when training starts, and what does a stack
# of 20 such layers compute then? What would a large positive `transform_bias` make of the same stack?

# %% [markdown]
# ### BEGIN SOLUTION
# $T = \sigma(x W_T - 2)$, about $\sigma(-2) \approx 0.12$ while $x W_T$ is small, so each layer outputs about
# $0.88\,x + 0.12\,H$: mostly its input. A stack of 20 starts close to the identity, and the gradient reaches
# the first layers through the $(1 - T) \odot x$ paths, as through a residual connection. With a large positive
# bias $T \approx 1$ and $y \approx H$: a plain deep stack of relu layers, which notebook 10 shows is much harder
# to train.
# ### END SOLUTION
