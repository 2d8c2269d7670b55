"""Packaging only what pyproject.toml cannot say: the repository's top-level ``resources/``
folder (fonts, JSON catalogues) ships inside the program's own package, as ``app/resources``,
so an installed program finds it through ``importlib.resources`` and puts no top-level
``resources`` package into site-packages."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["app", "app.*"]), "app.resources"],
    package_dir={"app.resources": "resources"},
    package_data={"app.resources": ["data/*.json", "fonts/*.ttf", "fonts/*.otf", "fonts/*.txt",
                                    # Qt's own texts in Vietnamese (compiled by packaging/qt_translations.py)
                                    "translations/*.qm",
                                    "guide/*.html", "guide/*.css"]},
    include_package_data=False,
)
