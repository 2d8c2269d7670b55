# peewee as Any, for mypy (see [tool.mypy] in pyproject.toml).
#
# peewee builds each model's fields, `.id`, backrefs and `DoesNotExist` in a metaclass no type
# checker can follow. peewee 4.x wheels ship a `peewee-stubs` package, but it knows none of that
# (hundreds of false "has no attribute id" / "not iterable" errors), and some installs of the
# same version lack it. This stub, found first on mypy_path, makes every name in peewee Any, the
# same everywhere: what our code returns from models and queries is typed by our annotations.
from typing import Any

def __getattr__(name: str) -> Any: ...
