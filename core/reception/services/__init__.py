"""Writes of a unit's reception work, one module per entity: keyword-only functions that check
the actor's permission, run in one transaction, refuse bad input with ``ApplicationError`` (400)
or ``ConflictError`` (409), and push the PII-free facts to the public index (``index``)."""
