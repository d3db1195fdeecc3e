"""Code that runs inside the Rasa server process (.venv-rasa) and is not an NLU component: tracker store."""
