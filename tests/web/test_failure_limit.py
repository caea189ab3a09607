"""The failure limit holds under concurrency: however many wrong attempts run at once, at most the limit get checked."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from sopflow.web.accounts import Accounts

LIMIT = 5
ATTEMPTS = 24


def _race(accounts: Accounts, key: str) -> list[list[int] | None]:
    """``ATTEMPTS`` threads claim an attempt at the same moment; none gives its claim back (all wrong)."""
    start = threading.Barrier(ATTEMPTS)
    claims: list[list[int] | None] = [None] * ATTEMPTS

    def attempt(index: int) -> None:
        start.wait()
        claims[index] = accounts.claim_attempt(key)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return claims


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path: Path):
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'web.db'}", connect_args={"timeout": 30})
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        engine = create_engine(cluster.create_database("failures"), pool_size=ATTEMPTS)
    yield engine
    engine.dispose()


def test_concurrent_wrong_attempts_cannot_pass_the_limit(engine) -> None:
    accounts = Accounts(engine, max_failures=LIMIT)
    key = "login:199001012015011001"
    passed = sum(claim is not None for claim in _race(accounts, key))
    # never more than the limit; fewer when claims commit before any count is read (those refused
    # gave their claims back, so they cost the official nothing)
    assert 0 <= passed <= LIMIT
    for _ in range(LIMIT - passed):  # the rest of the limit, one at a time
        assert accounts.claim_attempt(key) is not None
    assert accounts.locked(key)
    assert accounts.claim_attempt(key) is None
    assert accounts.claim_attempt("login:198001012005012001") is not None  # another key is not locked


def test_a_withdrawn_claim_is_no_failure(engine) -> None:
    accounts = Accounts(engine, max_failures=LIMIT)
    for _ in range(LIMIT * 3):  # e.g. form errors or a stale page: no wrong secret
        claim = accounts.claim_attempt("key:199001012015011001")
        assert claim is not None
        accounts.withdraw(claim)
    assert not accounts.locked("key:199001012015011001")
