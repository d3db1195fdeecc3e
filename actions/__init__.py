"""Pivot's custom Rasa actions, one module per concern.

The action server (`python -m rasa_sdk --actions actions`) imports every module here at
start, so no module may read the environment or open a connection at import time: the
knowledge base is reached through `actions.kb.get_kb()`, which connects lazily.
"""
