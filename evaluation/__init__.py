"""Independent evaluation of detection: generated documents (see evaluation.generate), run by evaluation.run."""
