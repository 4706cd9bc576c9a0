"""The load of the connections benchmark, for ``locust --headless -f`` (not a module of the package:
importing locust patches the process with gevent, so nothing imports this file).

``BENCH_CONN_KEYS``: a JSON file of ``[{"code": …, "key": …}]``; ``BENCH_CONN_UNITS``: how many of
them to use (the first ones). Each request: a random unit of those, its staff member's API key, the
``me`` endpoint or the unit's petition list, as nginx forwards it (``X-Forwarded-Proto: https``).
"""

import json
import os
import random

from locust import FastHttpUser, task

with open(os.environ["BENCH_CONN_KEYS"], encoding="utf-8") as file:
    UNITS = json.load(file)[: int(os.environ["BENCH_CONN_UNITS"])]


class Staff(FastHttpUser):
    def _get(self, path: str, name: str) -> None:
        unit = random.choice(UNITS)
        headers = {"Authorization": f"Token {unit['key']}", "X-Forwarded-Proto": "https"}
        self.client.get(f"/u/{unit['code']}/api/v1/{path}", headers=headers, name=name)

    @task
    def me(self) -> None:
        self._get("me/", "me")

    @task
    def petitions(self) -> None:
        self._get("petitions/", "petitions")
