"""Writes of a unit's petitions (TT 05/2021), one module per entity. Every write happens in one
transaction with its audit event (``events``), its deadlines and its row in the public case index
(``index``). Resolution transitions are in ``core.petitions.workflow``."""
