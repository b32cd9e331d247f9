"""The shipped YAML profiles and recognizer settings, installed as the package data `redactor.configs`
(pyproject maps this folder to that package: read them with importlib.resources, never by a path from the
source tree, so a wheel install finds them too)."""
