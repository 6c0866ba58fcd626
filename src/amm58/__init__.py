"""amm58: the AMM-58 interviews dataset and its validating loader.

>>> from amm58 import load_dataset
>>> ds = load_dataset()          # validates data/ against data/datapackage.json
>>> ds.passages.head()           # one typed DataFrame per resource
"""

from amm58.data import Dataset, DatasetError, Problem, load_dataset, validate

__version__ = "1.0.0"

__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset", "validate", "__version__"]
