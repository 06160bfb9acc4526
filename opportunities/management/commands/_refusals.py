"""How the set-up commands say why Django refused what they were given."""

from django.core.exceptions import ValidationError


def refusal_lines(error: ValidationError, *, field_names_as_words: bool = True) -> str:
    """One line per problem, named by its field ("- closing date: …", or "- closing_date:
    …" without `field_names_as_words`); also for an error that names no field."""
    if not hasattr(error, "error_dict"):
        return "\n".join(f"- {message}" for message in error.messages)
    return "\n".join(
        f"- {field.replace('_', ' ') if field_names_as_words else field}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    )
