"""Reads of a unit's reception work, one module per entity. Nothing here returns a sealed
denouncer's identity (visits about a denunciation store no citizen at all), and no selector
imports a service (import-linter holds them to it)."""
