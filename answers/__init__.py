"""The exercises' answer key, readable: the instructor's, kept out of the wheel students install.

One module per exercise declares its sizes and its spec (answer name -> Shape, Count or Choice, with the
expected value, what each dimension means and the mistakes worth naming) and turns it into a check with
`course_utils.checks.core.exercise`. `python -m course_utils.instructor.seal` writes the sealed copy the kit
ships (`course_utils/checks/sealed.json`); the tests judge answers with both and require the same words.
"""
from .ex01_embedding_dimensions import ex01
from .ex02_1_stacked_rnn_matrix import ex02_1
from .ex03_1_parameter_counts import ex03_1
from .ex08_1_language_model_dimensions import ex08_1
from .ex09_1_attention_dimensions import ex09_1
from .ex10_1_regularisation_and_highway import ex10_1
from .ex11_1_character_cnn_dimensions import ex11_1
from .ex22_1_ner_rnn_dimensions import ex22_1
from .ex22_2_attention_dimensions import ex22_2a, ex22_2b
from .ex22_3_stacked_bigru_dimensions import ex22_3
from .ex22_4_multilabel_attention_dimensions import ex22_4

# In the order of the lecture notebooks they go with (01, 02, 03, 05, 07, 08-11): the sealed copy keeps it.
REGISTRY = {judge.__name__: judge for judge in (ex01, ex02_1, ex03_1, ex22_1, ex22_2a, ex22_2b, ex22_3, ex22_4,
                                                 ex08_1, ex09_1, ex10_1, ex11_1)}
