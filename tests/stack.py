"""Old home of the stack helper, now `bench/stack.py`; kept only for the bench scripts that still import
it from here (bench/transcripts.py, bench/components.py). New code imports `bench.stack`."""

from bench.stack import APP_PY, RASA_BIN, ROOT, Stack, free_port, kb_credential_names, test_model

__all__ = ["APP_PY", "RASA_BIN", "ROOT", "Stack", "free_port", "kb_credential_names", "test_model"]
