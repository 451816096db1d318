"""Accounts of the web app: docgen users, hashed passwords and tokens, the sign-in lockout, on both backends."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.errors import AccountError, SignInRefused, UsageError
from docgen.store.accounts import (
    ACCOUNT_FAILURES,
    ADDRESS_FAILURES,
    LOCK_SECONDS,
    accounts_exist,
    open_accounts,
    sha256,
)

PASSWORD = "Correct-Horse-42"


def users(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["users", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def add(url: str, name: str = "alice", role: str = "sales", password: str = PASSWORD) -> None:
    code, _, err = users("add", name, "--role", role, "--password-stdin", "--db", url, stdin=password + "\n")
    assert code == 0, err


def dump(url: str, table: str) -> str:
    with open_accounts(url) as accounts:
        return repr(accounts._db.query(f"SELECT * FROM {table}"))


def test_users_add_list_disable_on_both_backends(register_url: str) -> None:
    assert not accounts_exist(register_url)
    add(register_url)
    add(register_url, "bob", "hr")
    assert accounts_exist(register_url)
    code, out, _ = users("list", "--db", register_url)
    assert code == 0 and out.splitlines() == ["alice\tsales\tactive\t0", "bob\thr\tactive\t0"]
    assert users("disable", "bob", "--db", register_url)[0] == 0
    assert users("list", "--db", register_url)[1].splitlines()[1] == "bob\thr\tdisabled\t0"


def test_a_role_outside_the_four_is_refused(tmp_path: Path) -> None:
    code, _, err = users(
        "add", "carol", "--role", "boss", "--password-stdin", "--db", str(tmp_path / "r.db"), stdin="x" * 9
    )
    assert code == 2 and "'boss' is not one of sales, hr, finance, admin" in err


def test_an_account_added_twice_or_unknown_is_an_error(tmp_path: Path) -> None:
    url = str(tmp_path / "r.db")
    add(url)
    code, _, err = users("add", "alice", "--role", "hr", "--password-stdin", "--db", url, stdin=PASSWORD)
    assert code == 1 and "account alice exists already" in err
    for command in (["disable", "nobody"], ["token", "nobody"], ["passwd", "nobody", "--password-stdin"]):
        code, _, err = users(*command, "--db", url, stdin=PASSWORD)
        assert code == 1 and "no account named nobody" in err


@pytest.mark.parametrize("name", ["", " ", " alice"])
def test_an_empty_or_padded_name_is_refused(tmp_path: Path, name: str) -> None:
    code, _, err = users(
        "add", name, "--role", "hr", "--password-stdin", "--db", str(tmp_path / "r.db"), stdin=PASSWORD
    )
    assert code == 2 and "an account's name is not empty and has no spaces around it" in err


def test_a_short_password_is_refused(tmp_path: Path) -> None:
    code, _, err = users(
        "add", "alice", "--role", "hr", "--password-stdin", "--db", str(tmp_path / "r.db"), stdin="short"
    )
    assert code == 2 and "a password needs at least 8 characters" in err


def test_the_password_prompt_asks_twice_and_never_echoes(tmp_path: Path) -> None:
    url = str(tmp_path / "r.db")
    code, out, err = users("add", "alice", "--role", "hr", "--db", url, stdin=f"{PASSWORD}\n{PASSWORD}x\n")
    assert code == 2 and "the two passwords differ" in err
    code, out, err = users("add", "alice", "--role", "hr", "--db", url, stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0 and "New password for alice" in out
    assert PASSWORD not in out + err


def test_no_password_is_printed_logged_or_stored_in_clear(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    url = str(tmp_path / "r.db")
    add(url)
    code, out, err = users("passwd", "alice", "--password-stdin", "--db", url, stdin="Another-Secret-77\n")
    assert code == 0
    for secret in (PASSWORD, "Another-Secret-77"):
        assert secret not in out + err + caplog.text
        assert secret not in dump(url, "docgen_accounts")
        for path in tmp_path.glob("r.db*"):  # the database file and its journal, as bytes on disk
            assert secret.encode() not in path.read_bytes()
    assert dump(url, "docgen_accounts").count("$argon2id$") == 1


def test_a_password_change_takes_effect_and_ends_sessions(register_url: str) -> None:
    add(register_url)
    with open_accounts(register_url) as accounts:
        session = accounts.sign_in("alice", PASSWORD, "10.0.0.1")
        accounts.set_password("alice", "Brand-New-Pass-1")
        assert accounts.session_user(session, 60) is None
        with pytest.raises(SignInRefused):
            accounts.sign_in("alice", PASSWORD, "10.0.0.1")
        assert accounts.sign_in("alice", "Brand-New-Pass-1", "10.0.0.1")


def test_a_token_is_printed_once_kept_hashed_and_revocable(register_url: str) -> None:
    add(register_url)
    code, token, _ = users("token", "alice", "--db", register_url)
    token = token.strip()
    assert code == 0 and re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    stored = dump(register_url, "docgen_tokens")
    assert token not in stored and sha256(token) in stored
    assert users("list", "--db", register_url)[1] == "alice\tsales\tactive\t1\n"
    with open_accounts(register_url) as accounts:
        assert accounts.token_user(token) == "alice"
        assert accounts.token_user(token + "x") is None
    code, _, err = users("token", "alice", "--revoke", "--db", register_url)
    assert code == 0 and "revoked 1 token(s) of alice" in err
    with open_accounts(register_url) as accounts:
        assert accounts.token_user(token) is None


def test_a_disabled_account_can_neither_sign_in_nor_use_its_token(register_url: str) -> None:
    add(register_url)
    with open_accounts(register_url) as accounts:
        token = accounts.new_token("alice")
        session = accounts.sign_in("alice", PASSWORD, "10.0.0.1")
        accounts.disable("alice")
        assert accounts.token_user(token) is None and accounts.session_user(session, 60) is None
        with pytest.raises(SignInRefused):
            accounts.sign_in("alice", PASSWORD, "10.0.0.1")


def test_each_sign_in_gives_a_new_session_and_ends_the_old_one(register_url: str) -> None:
    add(register_url)
    with open_accounts(register_url) as accounts:
        first = accounts.sign_in("alice", PASSWORD, "10.0.0.1")
        second = accounts.sign_in("alice", PASSWORD, "10.0.0.1", old_session=first)
        assert second != first
        assert accounts.session_user(first, 60) is None and accounts.session_user(second, 60) == "alice"
        assert first not in dump(register_url, "docgen_sessions")


def test_a_session_ends_after_the_idle_time(register_url: str) -> None:
    add(register_url)
    with open_accounts(register_url) as accounts:
        within, over = (accounts.sign_in("alice", PASSWORD, "10.0.0.1") for _ in range(2))
        accounts._db.change("UPDATE docgen_sessions SET last_seen = ?", (int(time.time()) - 31 * 60,))
        assert accounts.session_user(within, 60) == "alice"  # 31 minutes idle: within an hour
        assert accounts.session_user(within, 30) == "alice"  # and that request made it active again
        assert accounts.session_user(over, 30) is None  # over half an hour idle: ended, and stays ended
        assert accounts.session_user(over, 60) is None


def test_five_failures_lock_the_account_with_the_same_message(register_url: str) -> None:
    add(register_url)
    with open_accounts(register_url) as accounts:
        messages = set()
        for attempt in range(ACCOUNT_FAILURES):
            with pytest.raises(SignInRefused) as refused:
                accounts.sign_in("alice", f"wrong-{attempt}", f"10.0.0.{attempt}")
            messages.add(refused.value.message)
        with pytest.raises(SignInRefused) as locked:  # the right password, from a fresh address: still locked
            accounts.sign_in("alice", PASSWORD, "10.9.9.9")
        assert messages == {locked.value.message}
        accounts._db.change("UPDATE docgen_signin_locks SET until = until - ?", (LOCK_SECONDS,))
        assert accounts.sign_in("alice", PASSWORD, "10.9.9.9")  # the lock has run out


def test_four_failures_then_the_right_password_signs_in(register_url: str) -> None:
    add(register_url)
    with open_accounts(register_url) as accounts:
        for attempt in range(ACCOUNT_FAILURES - 1):
            with pytest.raises(SignInRefused):
                accounts.sign_in("alice", f"wrong-{attempt}", "10.0.0.1")
        assert accounts.sign_in("alice", PASSWORD, "10.0.0.1")


def test_many_failures_from_one_address_lock_that_address(register_url: str) -> None:
    add(register_url)
    with open_accounts(register_url) as accounts:
        for attempt in range(ADDRESS_FAILURES):  # a different name each time: no account reaches its own limit
            with pytest.raises(SignInRefused):
                accounts.sign_in(f"guess{attempt}", "wrong-password", "10.6.6.6")
        with pytest.raises(SignInRefused):
            accounts.sign_in("alice", PASSWORD, "10.6.6.6")
        assert accounts.sign_in("alice", PASSWORD, "10.0.0.2")  # another address is not locked


def test_unknown_names_are_refused_like_wrong_passwords(tmp_path: Path) -> None:
    url = str(tmp_path / "r.db")
    add(url)
    with open_accounts(url) as accounts, pytest.raises(SignInRefused) as unknown:
        accounts.sign_in("mallory", PASSWORD, "10.0.0.1")
    with open_accounts(url) as accounts, pytest.raises(SignInRefused) as wrong:
        accounts.sign_in("alice", "not-the-password", "10.0.0.1")
    assert unknown.value.message == wrong.value.message


def test_errors_are_typed(tmp_path: Path) -> None:
    with open_accounts(str(tmp_path / "r.db")) as accounts:
        with pytest.raises(UsageError):
            accounts.add("x", "root", PASSWORD)
        with pytest.raises(AccountError):
            accounts.disable("nobody")


def test_users_messages_are_translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "zh_CN")
    code, _, err = users("disable", "nobody", "--db", str(tmp_path / "r.db"))
    assert code == 1 and "没有名为 nobody 的账户" in err
