"""Pure maths of the accounts app: dataclasses in, dataclasses out, no Django, no clock."""
