"""The Typer application behind the ``boxup`` command: parsing and wiring only.

Every behaviour lives in ``boxup``; configuration is in ``config``, what reaches stdout in ``output``, progress in
``progress`` and the mapping of failures to one line and an exit code in ``errors``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, cast

import boxup
import typer
from boxup.results import IF_EXISTS

from boxup_cli import logs, output, usage
from boxup_cli.config import Connection, local_records, make_client, parse_timestamp
from boxup_cli.errors import EXIT_FAILED, Target, explain, interrupted_by, signal_exit_code
from boxup_cli.options import StateDir, connection_options
from boxup_cli.params import ConcurrencyType
from boxup_cli.progress import Reporter, reporter

IfExistsChoice = StrEnum("IfExistsChoice", {name: name for name in IF_EXISTS})  # type: ignore[misc]


ROOT_EPILOG = """\
[bold]Examples[/bold]

  [dim]# a new file in the root folder, then a new version of it[/dim]
  boxup upload backup.tar --folder 0
  boxup upload backup.tar --file 12345

  [dim]# after Ctrl-C or a lost connection: finish every interrupted upload[/dim]
  boxup resume

[bold]Credentials[/bold] are never a flag: BOX_ACCESS_TOKEN (or a private
--token-file), a JWT app's config.json (--config-file / BOX_CONFIG_FILE), or
a Client Credentials Grant app (BOX_CLIENT_ID, BOX_CLIENT_SECRET,
BOX_SUBJECT_TYPE, BOX_SUBJECT_ID). --as-user USER_ID acts as a managed user.
--profile NAME takes unset settings from config.toml; [bold]boxup config show[/bold]
prints every effective setting and where it came from (secrets masked).

[bold]Exit codes[/bold]: 0 done, 1 upload failed, 2 bad usage or input
(nothing sent), 130 interrupted (run the printed resume command).
"""

UPLOAD_EPILOG = """\
[bold]Examples[/bold]

  boxup upload video.mov --folder 0 --name "Cut 3.mov"
  boxup upload video.mov --file 12345 --concurrency 16

  [dim]# a whole camera card, then again after a crash: only what is missing goes up[/dim]
  boxup upload /media/card/DCIM --folder 0 --exclude "*.tmp"
  boxup upload shoot/ notes.md --folder 12345 --if-exists version --json

  [dim]# in a script: --json prints the committed file as Box returned it[/dim]
  id=$(boxup upload data.bin --folder 0 --json --quiet | jq -r .id)

Exit codes: 0 done, 1 upload failed (a tree: any file failed; the others are
still uploaded), 2 bad usage or input (nothing sent), 130 interrupted (run the
printed [bold]boxup resume[/bold] command, or for a tree the same command, to finish).
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


def _group(name: str, text: str) -> typer.Typer:
    """A subcommand group of ``boxup``, e.g. ``boxup sessions``."""
    group = typer.Typer(
        help=text,
        no_args_is_help=True,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(group, name=name)
    return group


sessions_app = _group("sessions", "Interrupted uploads: list the local records, inspect or abort a session on Box.")
config_app = _group("config", "Settings: what boxup would use, and where each value comes from.")

OUTPUT = "Output"

JsonOut = Annotated[
    bool, typer.Option("--json", help="Print exactly one JSON object on stdout.", rich_help_panel=OUTPUT)
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.", rich_help_panel=OUTPUT)]
TREES = "Directories and several PATHs"
IfExistsOption = Annotated[
    IfExistsChoice | None,
    typer.Option(
        "--if-exists",
        help=(
            "When the name is taken in the folder: fail (default; identical bytes count as done), skip (leave "
            "whatever is there), version (other bytes become a new version)."
        ),
        show_default=False,
        rich_help_panel=TREES,
    ),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Leave out paths matching GLOB, relative to each PATH (also tried on the bare name; repeatable).",
        show_default=False,
        rich_help_panel=TREES,
    ),
]


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


def _start(connection: Connection) -> None:
    """Switch the debug log on (with -v) before anything can log."""
    logs.setup(connection.verbose)


def _target(connection: Connection, **what: str | None) -> Target:
    """What the command works on, with the As-User id and the credentials from the one settings resolution (flag,
    environment or profile). Nothing here may raise: settings that do not resolve are reported by ``make_client``
    inside ``_failures``; here they only leave the hints general."""
    from boxup import environment  # the HTTP stack loads only when a command needs it

    try:
        found = connection.resolve()
    except boxup.BoxError:
        return Target(**what, carry_flags=connection.given_flags)
    return Target(
        **what,
        carry_flags=connection.given_flags,
        as_user=environment.value(found, "as_user"),
        credentials=environment.credentials_hint(found),
    )


_say = logs.say


@contextmanager
def _failures(target: Target, *, verbose: bool) -> Iterator[None]:
    """Every expected failure becomes one line on stderr and its exit code; never a traceback."""
    try:
        yield
    except typer.Exit:
        raise
    except KeyboardInterrupt as exc:  # before a session existed: boxup.Interrupted says which signal
        signum = exc.signal if isinstance(exc, boxup.Interrupted) else None
        _say(f"{interrupted_by(signum)}; no upload session was kept, so there is nothing to resume")
        raise typer.Exit(signal_exit_code(signum)) from None
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
        import traceback  # only a bug's -v report needs it (it loads inspect, linecache...): not every run's start-up

        logs.LOG.debug("%s", "".join(traceback.format_exception(exc)).rstrip())


def _finish(file: boxup.UploadedFile, *, as_json: bool, elapsed: float, report: Reporter) -> None:
    if as_json:
        output.emit_json(file.raw)
    else:
        output.emit_text(output.upload_summary(file, elapsed=elapsed, parts_skipped=report.parts_skipped))


def _fail_usage(message: str, hint: str) -> NoReturn:
    raise typer.BadParameter(message, param_hint=hint)


def _check_tree_usage(
    *, folder: str | None, file: str | None, name: str | None, content_modified_at: str | None
) -> None:
    """A directory or several PATHs go into a folder under their own names: the one-file options do not apply."""
    if file is not None:
        _fail_usage("--file uploads a new version of one file; a directory or several PATHs need --folder", "--file")
    if folder is None:
        _fail_usage("a directory or several PATHs need --folder FOLDER_ID", "--folder")
    if name is not None:
        _fail_usage("--name names one file; a directory or several PATHs keep their own names", "--name")
    if content_modified_at is not None:
        _fail_usage(
            "--content-modified-at is for one file; a tree records each file's own mtime", "--content-modified-at"
        )


# --- commands -----------------------------------------------------------------------------------------------


@app.command(
    epilog=UPLOAD_EPILOG,
    help=(
        "Upload PATH as a new file (--folder) or as a new version of an existing file (--file).\n\n"
        "Files of 20 MiB and more go through an upload session, in parallel parts. If the upload is interrupted "
        "(Ctrl-C, lost connection) its session is kept: [bold]boxup resume[/bold] or the same command again "
        "finishes it, sending only the parts Box does not have.\n\n"
        "A directory PATH (or several PATHs) is mirrored under --folder: each directory becomes a folder of the "
        "same name (reused if it is there, created if not, empty ones too) and prints one result per file "
        "(--json: one JSON Lines object per file). Symlinks to files are followed; [bold]symlinked directories "
        "are not descended[/bold]. --concurrency then bounds the requests in flight across every file. After "
        "Ctrl-C or a crash, the same command again finishes the tree: done files are recognised, half-sent ones "
        "resume."
    ),
)
@connection_options
def upload(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Files or directories to upload (a directory becomes a folder of the same name).",
            show_default=False,
        ),
    ],
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
            help="Parts sent at once: auto (the default) starts at 8 and goes up to 32 while the rate grows with "
            "it; or a fixed number.",
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
    if_exists: IfExistsOption = None,
    exclude: ExcludeOption = None,
    connection: Connection,
) -> None:
    path = paths[0]
    tree = len(paths) > 1 or os.path.isdir(path) or if_exists is not None or bool(exclude)
    if tree:
        _check_tree_usage(folder=folder, file=file, name=name, content_modified_at=content_modified_at)
    if (folder is None) == (file is None):
        _fail_usage("give exactly one of --folder FOLDER_ID (a new file) or --file FILE_ID (a new version)", "--folder")
    _start(connection)
    if tree:
        with (
            _failures(_target(connection, folder_id=folder), verbose=connection.verbose),
            make_client(connection, chunked_threshold=chunked_threshold, concurrency=concurrency) as client,
        ):
            from boxup_cli import treecmd  # Rich and the tree machinery load only for a tree

            code = treecmd.run_tree(
                client,
                paths,
                folder_id=cast(str, folder),
                if_exists=if_exists or "fail",
                excludes=exclude or [],
                as_json=json_out,
                quiet=quiet,
            )
        raise typer.Exit(code)
    target = _target(connection, path=path, folder_id=folder, file_id=file, name=name)
    with _failures(target, verbose=connection.verbose):
        modified = parse_timestamp(content_modified_at) if content_modified_at is not None else None
        with make_client(connection, chunked_threshold=chunked_threshold, concurrency=concurrency) as client:
            logs.LOG.debug("client %r, state dir %s", client, client.store.directory)
            report = reporter(name or Path(path).name, quiet=quiet)
            started = time.monotonic()
            with report:
                uploaded = client.upload(
                    path,
                    folder_id=folder,
                    file_id=file,
                    name=name,
                    content_modified_at=modified,
                    progress=report,
                    resume=not no_resume,
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
@connection_options
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
    connection: Connection,
) -> None:
    _start(connection)
    target = _target(connection, path=path)
    with _failures(target, verbose=connection.verbose), make_client(connection) as client:
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
                done = client.resume(path, progress=report)
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
    connection = Connection(flags={"state_dir": state_dir})
    _start(connection)
    with _failures(Target(), verbose=False):
        store = local_records(connection)
        records = list(store.records())
        if json_out:
            output.emit_json({"entries": [r.to_json() for r in records]})
        elif records:
            output.emit_text(output.records_table(records))
        else:
            _say(f"no interrupted uploads are recorded in {store.directory}")


@sessions_app.command("show")
@connection_options
def sessions_show(
    session_id: Annotated[str, typer.Argument(metavar="SESSION_ID", help="The upload session id.")],
    *,
    json_out: JsonOut = False,
    connection: Connection,
) -> None:
    """The session's status on Box and the parts it holds."""
    _start(connection)
    with (
        _failures(_target(connection, session_id=session_id), verbose=connection.verbose),
        make_client(connection) as client,
    ):
        session = client.sessions.open(session_id)  # one status request, then the parts list
        status = boxup.SessionStatus.of(session, client.store.load(session_id))
        parts = session.list_parts()
        if json_out:
            output.emit_json(output.session_json(status, parts))
        else:
            output.emit_text(output.session_text(status, parts))


@sessions_app.command("abort")
@connection_options
def sessions_abort(
    session_id: Annotated[str, typer.Argument(metavar="SESSION_ID", help="The upload session id.")],
    *,
    connection: Connection,
) -> None:
    """Delete the session on Box (its parts are discarded) and its local record."""
    _start(connection)
    with (
        _failures(_target(connection, session_id=session_id), verbose=connection.verbose),
        make_client(connection) as client,
    ):
        client.sessions.abort(session_id)
        output.emit_text(f"aborted session {session_id}")


@config_app.command("show")
@connection_options
def config_show(*, json_out: JsonOut = False, connection: Connection) -> None:
    """The effective settings (flag > environment > profile > default) and their sources, secrets masked.
    Nothing is sent and no file but config.toml is read."""
    _start(connection)
    with _failures(Target(), verbose=connection.verbose):
        found = connection.resolve()
        if json_out:
            output.emit_json({"settings": {n: {"value": s.shown, "source": s.source} for n, s in found.items()}})
        else:
            output.emit_text(output.settings_table(found.values()))


def main() -> None:
    usage.run(app, prog_name="boxup")
