"""Fault injection: rules that match requests by method, path and operation, and decide when to misbehave.

A rule fires on the n-th matching request (``nth``), on every n-th (``every``), with a seeded probability
(``probability`` + ``seed``), or on every match, and at most ``times`` times. Its action:

- ``status``: answer ``status`` at once (Box-shaped body with ``code``, or ``raw_body`` as text/html), optionally
  with ``Retry-After``; the request body is not read.
- ``reset``: read ``after_bytes`` of the body, then abort the TCP connection (the client sees a reset mid-body).
- ``delay``: sleep ``delay`` seconds before handling the request normally.
- ``store_then_status``: handle the request normally (a part is stored, a commit is done), then answer ``status``.
- ``store_then_reset``: handle the request normally, then abort the connection instead of answering.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field
from typing import Any

ACTIONS = ("status", "reset", "delay", "store_then_status", "store_then_reset")
ACTION_ALIASES = {"store_then_500": "store_then_status", "error": "status"}
TERMINAL = {"status", "reset"}


@dataclass
class FaultRule:
    id: str
    action: str = "status"
    method: str | None = None
    path: str = ".*"
    operation: str | None = None
    nth: int | None = None
    every: int | None = None
    probability: float | None = None
    seed: int = 0
    times: int | None = None
    status: int = 500
    code: str | None = None
    message: str | None = None
    retry_after: int | str | None = None
    delay: float = 0.0
    after_bytes: int = 65536
    raw_body: str | None = None
    location: str | None = None  # a Location header on the answer (a redirect from a misconfigured proxy)
    matched: int = 0
    fired: int = 0
    _path_re: re.Pattern[str] = field(init=False, repr=False)
    _method_re: re.Pattern[str] | None = field(init=False, repr=False)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.action = ACTION_ALIASES.get(self.action, self.action)
        if self.action not in ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; use one of {', '.join(ACTIONS)}")
        if not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")
        for name in ("nth", "every", "times"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.probability is not None and not 0.0 <= self.probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        if self.after_bytes < 0 or self.delay < 0:
            raise ValueError("after_bytes and delay must not be negative")
        self._path_re = re.compile(self.path)
        self._method_re = re.compile(self.method, re.IGNORECASE) if self.method else None
        self._rng = random.Random(self.seed)

    def matches(self, method: str, path: str, operation: str) -> bool:
        if self._method_re is not None and not self._method_re.fullmatch(method):
            return False
        if self.operation is not None and self.operation != operation:
            return False
        return self._path_re.search(path) is not None

    def decide(self) -> bool:
        """Count one matching request and say whether the rule fires on it."""
        self.matched += 1
        if self.times is not None and self.fired >= self.times:
            return False
        if self.nth is not None:
            fire = self.matched == self.nth
        elif self.every is not None:
            fire = self.matched % self.every == 0
        elif self.probability is not None:
            fire = self._rng.random() < self.probability
        else:
            fire = True
        if fire:
            self.fired += 1
        return fire

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


class FaultEngine:
    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, spec: dict[str, Any]) -> FaultRule:
        allowed = {k for k in FaultRule.__dataclass_fields__ if not k.startswith("_")} - {"id", "matched", "fired"}
        unknown = set(spec) - allowed
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        rule = FaultRule(id=f"fault-{next(self._ids)}", **spec)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules = []

    def fire(self, method: str, path: str, operation: str) -> list[FaultRule]:
        """Every rule that fires on this request, in the order they were added."""
        return [r for r in self.rules if r.matches(method, path, operation) and r.decide()]
