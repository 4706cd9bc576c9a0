"""Signals other areas listen to, so that the petitions area does not import them.

``petition_event_recorded`` is sent by ``event_record`` inside the step's transaction, once the
event row and its index row exist: a receiver that writes (an outbox row, a queued message) commits
or rolls back with the step. Receivers get ``petition`` and ``event`` and must not raise for
conditions the step cannot fix (they would undo the step).
"""

from django.dispatch import Signal

petition_event_recorded = Signal()
