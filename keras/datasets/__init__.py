"""Small datasets, downloaded on first use into `~/.keras/datasets`."""
from keras.datasets import imdb
from keras.datasets import mnist
