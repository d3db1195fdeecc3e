"""Rasa's check of every action-server reply, without re-checking its own schema each time (issue 14).

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(reply, spec)` on every reply,
and `jsonschema.validate` first checks `spec` itself against the JSON-Schema meta-schema (with the locked
jsonschema 4.17 that is Draft 2020-12, walked through `$dynamicRef`s). Measured on one real `action_respond`
reply (9 kB, 14 events): 22 ms of CPU per call, 18.5 ms of it the meta-schema check; the same validation with
a validator built once: 3.6 ms (docs/PERFORMANCE.md). That is ≈ 40% of a short turn's Rasa CPU.

`install()` replaces the method with one that builds the validator once (the same class
`jsonschema.validate` picks, after the same `check_schema`) and then does what `jsonschema.validate` does
with it: `best_match` of `iter_errors`, raised with Rasa's own message. The same replies pass and fail,
with the same error. `pivot_rasa.tracker_store.CachedSQLTrackerStore` installs it when Rasa builds the
store at server start (the only Pivot code besides the NLU components that Rasa loads); nothing happens at
import.
"""

from __future__ import annotations

from typing import Any

from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator: Any = None


def validate_reply(result: dict[str, Any]) -> None:
    """`jsonschema.validate(result, RemoteAction.action_response_format_spec())`, the schema checked once."""
    global _validator
    if _validator is None:
        spec = RemoteAction.action_response_format_spec()
        cls = validators.validator_for(spec)
        cls.check_schema(spec)
        _validator = cls(spec)
    error = exceptions.best_match(_validator.iter_errors(result))
    if error is not None:
        raise error


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa 3.6.21's `RemoteAction._validate_action_result`, with `validate_reply`."""
    try:
        validate_reply(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
