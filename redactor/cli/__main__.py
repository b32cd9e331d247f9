"""python -m redactor.cli"""

from redactor.cli import main

main()
