"""keras.utils: the names Keras 2 re-exports here (multi_gpu_model and
H5Dict are not provided yet)."""
from keras.utils import conv_utils
from keras.utils import data_utils
from keras.utils import generic_utils
from keras.utils import io_utils
from keras.utils import np_utils
from keras.utils.data_utils import GeneratorEnqueuer
from keras.utils.data_utils import OrderedEnqueuer
from keras.utils.data_utils import Sequence
from keras.utils.data_utils import get_file
from keras.utils.generic_utils import CustomObjectScope
from keras.utils.generic_utils import Progbar
from keras.utils.generic_utils import custom_object_scope
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import get_custom_objects
from keras.utils.generic_utils import serialize_keras_object
from keras.utils.io_utils import HDF5Matrix
from keras.utils.layer_utils import convert_all_kernels_in_model
from keras.utils.layer_utils import get_source_inputs
from keras.utils.layer_utils import print_summary
from keras.utils.np_utils import normalize
from keras.utils.np_utils import to_categorical
from keras.utils.vis_utils import model_to_dot
from keras.utils.vis_utils import plot_model
