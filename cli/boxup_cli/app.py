"""The Typer application behind the ``boxup`` command: parsing and wiring only.

Every behaviour lives in ``boxup``; configuration is in ``config``, what reaches stdout in ``output``, progress in
``progress`` and the mapping of failures to one line and an exit code in ``errors``.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import boxup
import typer

from boxup_cli import logs, output, usage
from boxup_cli.config import Connection, given_flags, local_records, make_client, parse_timestamp, secrets, settings
from boxup_cli.errors import EXIT_FAILED, EXIT_INTERRUPTED, Target, explain, one_line
from boxup_cli.params import ConcurrencyType
from boxup_cli.progress import Reporter, reporter

T = TypeVar("T")

ROOT_EPILOG = """\
[bold]Examples[/bold]

  [dim]# a new file in the root folder, then a new version of it[/dim]
  boxup upload backup.tar --folder 0
  boxup upload backup.tar --file 12345

  [dim]# after Ctrl-C or a lost connection: finish every interrupted upload[/dim]
  boxup resume

[bold]Credentials[/bold] come from the environment, never from a flag:
BOX_ACCESS_TOKEN, or for a Client Credentials Grant app BOX_CLIENT_ID,
BOX_CLIENT_SECRET, BOX_SUBJECT_TYPE (enterprise or user) and BOX_SUBJECT_ID.
A token may also be read from a private file with --token-file.

[bold]Exit codes[/bold]: 0 done, 1 upload failed, 2 bad usage or input
(nothing sent), 130 interrupted (run the printed resume command).
"""

UPLOAD_EPILOG = """\
[bold]Examples[/bold]

  boxup upload video.mov --folder 0 --name "Cut 3.mov"
  boxup upload video.mov --file 12345 --concurrency 16

  [dim]# in a script: --json prints the committed file as Box returned it[/dim]
  id=$(boxup upload data.bin --folder 0 --json --quiet | jq -r .id)

Exit codes: 0 done, 1 upload failed, 2 bad usage or input (nothing sent),
130 interrupted (run the printed [bold]boxup resume[/bold] command to finish).
"""

RESUME_EPILOG = """\
[bold]Examples[/bold]

  boxup resume video.mov
  boxup resume --json | jq -r '.entries[].id'

Without PATH, every recorded upload is finished in turn;
one that fails does not stop the others (the exit code is then 1).
"""

app = typer.Typer(
    name="boxup",
    help="Fast, resumable uploads of large files to Box.",
    epilog=ROOT_EPILOG,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
sessions_app = typer.Typer(
    help="Interrupted uploads: list the local records, inspect or abort a session on Box.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sessions_app, name="sessions")

CONNECTION = "Connection (flags override the environment)"
OUTPUT = "Output"

ApiUrl = Annotated[
    str | None, typer.Option("--api-url", envvar="BOX_API_URL", help="Box API base URL.", rich_help_panel=CONNECTION)
]
UploadUrl = Annotated[
    str | None,
    typer.Option("--upload-url", envvar="BOX_UPLOAD_URL", help="Box upload base URL.", rich_help_panel=CONNECTION),
]
OAuthUrl = Annotated[
    str | None,
    typer.Option("--oauth-url", envvar="BOX_OAUTH_URL", help="Box OAuth token URL (CCG).", rich_help_panel=CONNECTION),
]
StateDir = Annotated[
    Path | None,
    typer.Option(
        "--state-dir",
        envvar="BOXUP_STATE_DIR",
        help="Where resume records live (default: your user state directory).",
        rich_help_panel=CONNECTION,
    ),
]
TokenFile = Annotated[
    Path | None,
    typer.Option(
        "--token-file",
        help="Read the access token from this file (must not be readable by group or others).",
        rich_help_panel=CONNECTION,
    ),
]
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Debug log on stderr: requests, timings, request ids (tokens redacted).",
        rich_help_panel=OUTPUT,
    ),
]
JsonOut = Annotated[
    bool, typer.Option("--json", help="Print exactly one JSON object on stdout.", rich_help_panel=OUTPUT)
]
MaxAttempts = Annotated[
    int | None,
    typer.Option(
        "--max-attempts",
        envvar="BOXUP_MAX_ATTEMPTS",
        min=1,
        hidden=True,  # for tests: boxup's retry policy rides out a minute of outage, too long for a test
        help="Tries per request before giving up (testing only).",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.", rich_help_panel=OUTPUT)]


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"boxup {boxup.__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Fast, resumable uploads of large files to Box, through Box's chunked upload sessions."""


# --- plumbing -----------------------------------------------------------------------------------------------


def _connection(
    *,
    api_url: str | None = None,
    upload_url: str | None = None,
    oauth_url: str | None = None,
    state_dir: Path | None = None,
    token_file: Path | None = None,
    verbose: bool = False,
) -> Connection:
    """The shared options; also switches the debug log on and teaches the redactor this run's secrets."""
    env = {"api_url": "BOX_API_URL", "upload_url": "BOX_UPLOAD_URL", "oauth_url": "BOX_OAUTH_URL"}
    values: dict[str, object] = {"api_url": api_url, "upload_url": upload_url, "oauth_url": oauth_url}
    # Flags typed on the command line (not inherited from the environment) are repeated in suggested commands.
    typed = {k: v for k, v in values.items() if v is not None and v != os.environ.get(env[k])}
    if state_dir is not None and str(state_dir) != os.environ.get("BOXUP_STATE_DIR"):
        typed["state_dir"] = state_dir
    typed["token_file"] = token_file
    connection = Connection(api_url, upload_url, oauth_url, state_dir, token_file, given_flags(**typed))
    logs.setup(verbose)
    logs.register_secrets(secrets(connection))
    return connection


def _say(text: str) -> None:
    sys.stderr.write(f"boxup: {logs.redact(one_line(text))}\n")
    sys.stderr.flush()


@contextmanager
def _failures(target: Target, *, verbose: bool) -> Iterator[None]:
    """Every expected failure becomes one line on stderr and its exit code; never a traceback."""
    try:
        yield
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        _say("interrupted; no upload session was kept, so there is nothing to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:
        if verbose:
            _log_failure(exc)
        failure = explain(exc, target)
        signalled = failure.exit_code > 128  # 128 + the signal: an interruption, not an error
        _say(failure.message if signalled else f"error: {failure.message}")
        raise typer.Exit(failure.exit_code) from None


def _log_failure(exc: BaseException) -> None:
    """With -v: the chain of causes for an expected failure; a traceback only for a bug."""
    if isinstance(exc, boxup.BoxError | OSError):
        chain = []
        cause: BaseException | None = exc
        while cause is not None:
            chain.append(f"{type(cause).__name__}: {cause}")
            cause = cause.__cause__
        logs.LOG.debug("failed: %s", " <- caused by ".join(chain))
    else:
        logs.LOG.debug("%s", "".join(traceback.format_exception(exc)).rstrip())


def _interruptible(report: Reporter, path: str, call: Callable[[], T]) -> T:
    """Ctrl-C after the session exists but before boxup could say so (e.g. a second Ctrl-C) is still resumable:
    the reporter has seen the session id."""
    try:
        return call()
    except KeyboardInterrupt:
        if report.session_id is None:
            raise
        resolved = str(Path(path).expanduser().resolve())
        raise boxup.UploadInterrupted(
            report.session_id, resolved, resumable=True, reason="interrupted", cancelled=True
        ) from None


def _finish(file: boxup.UploadedFile, *, as_json: bool, elapsed: float, report: Reporter) -> None:
    if as_json:
        output.emit_json(file.raw)
    else:
        output.emit_text(output.upload_summary(file, elapsed=elapsed, parts_skipped=report.parts_skipped))


def _fail_usage(message: str, hint: str) -> NoReturn:
    raise typer.BadParameter(message, param_hint=hint)


# --- commands -----------------------------------------------------------------------------------------------


@app.command(
    epilog=UPLOAD_EPILOG,
    help=(
        "Upload PATH as a new file (--folder) or as a new version of an existing file (--file).\n\n"
        "Files of 20 MiB and more go through an upload session, in parallel parts. If the upload is interrupted "
        "(Ctrl-C, lost connection) its session is kept: [bold]boxup resume[/bold] or the same command again "
        "finishes it, sending only the parts Box does not have."
    ),
)
def upload(
    path: Annotated[str, typer.Argument(metavar="PATH", help="The file to upload.", show_default=False)],
    *,
    folder: Annotated[
        str | None, typer.Option("--folder", metavar="FOLDER_ID", help="Upload a new file into this folder (0: root).")
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", metavar="FILE_ID", help="Upload a new version of this file.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Name on Box (default: the local file name).")] = None,
    concurrency: Annotated[
        str | None,
        typer.Option(
            "--concurrency",
            click_type=ConcurrencyType(),
            help="Parts sent at once, or auto: grow while the rate grows, up to 32 (default 8).",
            show_default=False,
        ),
    ] = None,
    json_out: JsonOut = False,
    quiet: Quiet = False,
    no_resume: Annotated[
        bool,
        typer.Option("--no-resume", help="Start afresh: drop any interrupted upload of this file, keep no record."),
    ] = False,
    content_modified_at: Annotated[
        str | None,
        typer.Option(
            "--content-modified-at",
            metavar="ISO8601",
            help="Content modification time to record (default: the file's mtime; no offset means UTC).",
        ),
    ] = None,
    chunked_threshold: Annotated[
        int | None,
        typer.Option(
            "--chunked-threshold",
            envvar="BOXUP_CHUNKED_THRESHOLD",
            min=1,
            hidden=True,  # for tests against the emulator, whose chunked minimum is small; Box's is 20 MiB
            help="Bytes from which the upload goes through a session (testing only).",
        ),
    ] = None,
    max_attempts: MaxAttempts = None,
    api_url: ApiUrl = None,
    upload_url: UploadUrl = None,
    oauth_url: OAuthUrl = None,
    state_dir: StateDir = None,
    token_file: TokenFile = None,
    verbose: Verbose = False,
) -> None:
    if (folder is None) == (file is None):
        _fail_usage("give exactly one of --folder FOLDER_ID (a new file) or --file FILE_ID (a new version)", "--folder")
    connection = _connection(
        api_url=api_url,
        upload_url=upload_url,
        oauth_url=oauth_url,
        state_dir=state_dir,
        token_file=token_file,
        verbose=verbose,
    )
    target = Target(path=path, folder_id=folder, file_id=file, carry_flags=connection.given_flags)
    with _failures(target, verbose=verbose):
        modified = parse_timestamp(content_modified_at) if content_modified_at is not None else None
        transfer = settings(
            connection, concurrency=concurrency, chunked_threshold=chunked_threshold, max_attempts=max_attempts
        )
        with make_client(connection, transfer) as client:
            logs.LOG.debug("client %r, state dir %s", client, client.store.directory)
            report = reporter(name or Path(path).name, quiet=quiet)
            started = time.monotonic()
            with report:
                uploaded = _interruptible(
                    report,
                    path,
                    lambda: client.upload(
                        path,
                        folder_id=folder,
                        file_id=file,
                        name=name,
                        content_modified_at=modified,
                        progress=report,
                        resume=not no_resume,
                    ),
                )
            _finish(uploaded, as_json=json_out, elapsed=time.monotonic() - started, report=report)


@app.command(
    epilog=RESUME_EPILOG,
    help=(
        "Finish interrupted uploads: the one for PATH, or every one recorded on this machine.\n\n"
        "Parts already on Box are checked against the file and skipped. If the file changed or the session "
        "expired, the upload starts afresh, and says so."
    ),
)
def resume(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="The file whose upload to finish (default: every recorded upload)."),
    ] = None,
    *,
    json_out: Annotated[
        bool,
        typer.Option(
            "--json",
            help='One JSON object on stdout: the file (with PATH), or {"entries": \\[files]} (without).',
            rich_help_panel=OUTPUT,
        ),
    ] = False,
    quiet: Quiet = False,
    max_attempts: MaxAttempts = None,
    api_url: ApiUrl = None,
    upload_url: UploadUrl = None,
    oauth_url: OAuthUrl = None,
    state_dir: StateDir = None,
    token_file: TokenFile = None,
    verbose: Verbose = False,
) -> None:
    connection = _connection(
        api_url=api_url,
        upload_url=upload_url,
        oauth_url=oauth_url,
        state_dir=state_dir,
        token_file=token_file,
        verbose=verbose,
    )
    target = Target(path=path, carry_flags=connection.given_flags)
    with (
        _failures(target, verbose=verbose),
        make_client(connection, settings(connection, max_attempts=max_attempts)) as client,
    ):
        if path is not None:
            files, failed = _resume_each(client, [path], quiet=quiet, as_json=json_out, target=target)
            if json_out and files:
                output.emit_json(files[0].raw)
        else:
            paths = list(dict.fromkeys(r.source.path for r in client.sessions.local()))
            if not paths:
                _say(f"nothing to resume: no interrupted uploads are recorded in {client.store.directory}")
            files, failed = _resume_each(client, paths, quiet=quiet, as_json=json_out, target=target)
            if json_out:
                output.emit_json({"entries": [f.raw for f in files]})
        if failed:
            raise typer.Exit(EXIT_FAILED)


def _resume_each(
    client: boxup.Client, paths: list[str], *, quiet: bool, as_json: bool, target: Target
) -> tuple[list[boxup.UploadedFile], int]:
    """Resume one path after another; a failure is reported and the next one still runs. Ctrl-C stops them all."""
    files: list[boxup.UploadedFile] = []
    failed = 0
    for path in paths:
        report = reporter(Path(path).name, quiet=quiet)
        started = time.monotonic()
        try:
            with report:
                done = _interruptible(report, path, partial(client.resume, path, progress=report))
        except boxup.BoxError as exc:
            if (isinstance(exc, boxup.UploadInterrupted) and exc.cancelled) or len(paths) == 1:
                raise
            _say(f"error: {explain(exc, target).message}")
            failed += 1
            continue
        for file in done:
            files.append(file)
            if not as_json:
                _finish(file, as_json=False, elapsed=time.monotonic() - started, report=report)
    return files, failed


@sessions_app.command("list")
def sessions_list(json_out: JsonOut = False, state_dir: StateDir = None) -> None:
    """Interrupted uploads recorded on this machine (no network, no token needed)."""
    connection = _connection(state_dir=state_dir)
    with _failures(Target(), verbose=False):
        store = local_records(connection)
        records = list(store.records())
        if json_out:
            output.emit_json({"entries": [output.record_json(r) for r in records]})
        elif records:
            output.emit_text(output.records_table(records))
        else:
            _say(f"no interrupted uploads are recorded in {store.directory}")


@sessions_app.command("show")
def sessions_show(
    session_id: Annotated[str, typer.Argument(metavar="SESSION_ID", help="The upload session id.")],
    *,
    json_out: JsonOut = False,
    api_url: ApiUrl = None,
    upload_url: UploadUrl = None,
    oauth_url: OAuthUrl = None,
    state_dir: StateDir = None,
    token_file: TokenFile = None,
    verbose: Verbose = False,
) -> None:
    """The session's status on Box and the parts it holds."""
    connection = _connection(
        api_url=api_url,
        upload_url=upload_url,
        oauth_url=oauth_url,
        state_dir=state_dir,
        token_file=token_file,
        verbose=verbose,
    )
    with _failures(Target(session_id=session_id), verbose=verbose), make_client(connection) as client:
        status = client.sessions.get(session_id)
        parts = client.sessions.parts(session_id)
        if json_out:
            output.emit_json(output.session_json(status, parts))
        else:
            output.emit_text(output.session_text(status, parts))


@sessions_app.command("abort")
def sessions_abort(
    session_id: Annotated[str, typer.Argument(metavar="SESSION_ID", help="The upload session id.")],
    *,
    api_url: ApiUrl = None,
    upload_url: UploadUrl = None,
    oauth_url: OAuthUrl = None,
    state_dir: StateDir = None,
    token_file: TokenFile = None,
    verbose: Verbose = False,
) -> None:
    """Delete the session on Box (its parts are discarded) and its local record."""
    connection = _connection(
        api_url=api_url,
        upload_url=upload_url,
        oauth_url=oauth_url,
        state_dir=state_dir,
        token_file=token_file,
        verbose=verbose,
    )
    with _failures(Target(session_id=session_id), verbose=verbose), make_client(connection) as client:
        client.sessions.abort(session_id)
        output.emit_text(f"aborted session {session_id}")


def main() -> None:
    usage.run(app, prog_name="boxup")
