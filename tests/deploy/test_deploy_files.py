"""deploy/ is usable as is: every file parses, and each one agrees with the code — the command
it runs, the port and health path it probes, the settings it names, the Slack URLs and scopes.
(Docker is not needed: the files are read, not built.)"""

from __future__ import annotations

import configparser
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import cli
from bot.config import Settings, env_name
from bot.oauth.setup import INSTALL_PATH, INSTALL_SCOPES, REDIRECT_PATH

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
YAML_FILES = sorted([*DEPLOY.rglob("*.yml"), *DEPLOY.rglob("*.yaml")])
SETTINGS = {env_name(field) for field in Settings.model_fields}
# Variables that are read by something other than Balance Bot.
OTHER_VARIABLES = {"POSTGRES_PASSWORD", "POSTGRES_DB", "POSTGRES_USER", "MPLCONFIGDIR"}
DEFAULT_PORT = Settings.model_fields["port"].default
HEALTH_PORT = 9090  # what the deploy files use for BALANCE_HEALTH_PORT
SCRIPT = next(iter(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]))


def load_all(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def k8s(kind: str) -> dict[str, Any]:
    found = [d for p in (DEPLOY / "k8s").glob("*.yaml") for d in load_all(p) if d["kind"] == kind]
    assert len(found) == 1, f"one {kind} in deploy/k8s"
    return found[0]


def cli_accepts(*args: str) -> bool:
    return CliRunner().invoke(cli, [*args, "--help"]).exit_code == 0


def assert_known(names: set[str], where: str) -> None:
    unknown = names - SETTINGS - OTHER_VARIABLES
    assert not unknown, f"{where}: {sorted(unknown)} are not settings of bot/config.py"


# -- every file ----------------------------------------------------------------------------------


def test_the_files_an_operator_needs_are_there() -> None:
    for name in (
        "Dockerfile",
        "compose.yml",
        "README.md",
        "env.example",
        "slack/manifest.yml",
        "slack/manifest-http-oauth.yml",
        "k8s/deployment.yaml",
        "k8s/service.yaml",
        "k8s/migrate-job.yaml",
        "k8s/secret.example.yaml",
        "systemd/balance-bot.service",
    ):
        assert (DEPLOY / name).is_file(), name


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_parses(path: Path) -> None:
    assert load_all(path)


def test_the_readme_covers_every_file_and_the_operator_s_questions() -> None:
    readme = (DEPLOY / "README.md").read_text()
    for path in DEPLOY.rglob("*"):
        if path.is_file() and path.name != "README.md":
            assert path.name in readme, f"deploy/README.md does not mention {path.name}"
    for topic in ("Choose", "Configure", "Back up", "Restore", "Upgrade"):
        assert re.search(rf"^#+ .*{topic}", readme, re.M | re.I), f"README: no '{topic}' section"


def test_the_cli_commands_the_files_run_exist() -> None:
    assert SCRIPT == "balance-bot"
    assert cli_accepts("run") and cli_accepts("db", "upgrade")
    assert CliRunner().invoke(cli, ["run", "--mode", "http", "--help"]).exit_code == 0


def test_the_example_env_file_names_only_settings() -> None:
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    assert {"SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "BALANCE_ENCRYPTION_KEY"} <= names
    assert_known(names, "env.example")


# -- the image -----------------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split()[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_the_image_is_slim_non_root_and_checks_its_health() -> None:
    steps = dockerfile()
    froms = [arg for op, arg in steps if op == "FROM"]
    assert froms and all("-slim" in f for f in froms)
    [user] = [arg for op, arg in steps if op == "USER"]
    assert user.split(":")[0] not in ("root", "0")
    [health] = [arg for op, arg in steps if op == "HEALTHCHECK"]
    assert "/healthz" in health and f"'BALANCE_HEALTH_PORT', '{HEALTH_PORT}'" in health
    env = " ".join(arg for op, arg in steps if op == "ENV")
    assert f"BALANCE_HEALTH_PORT={HEALTH_PORT}" in env
    # Only the Slack port is exposed; health and metrics stay on their own port.
    assert [arg for op, arg in steps if op == "EXPOSE"] == [str(DEFAULT_PORT)]
    assert [arg for op, arg in steps if op == "ENTRYPOINT"] == [f'["{SCRIPT}"]']
    assert [arg for op, arg in steps if op == "CMD"] == ['["run"]']
    for op, arg in steps:
        if op == "COPY" and not arg.startswith("--from"):
            for source in arg.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"


# -- compose -------------------------------------------------------------------------------------


def test_compose_runs_migrations_before_the_bot() -> None:
    [compose] = load_all(DEPLOY / "compose.yml")
    services = compose["services"]
    assert set(services) == {"db", "migrate", "bot"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["bot"]["command"] == ["run"]
    assert services["bot"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["bot"]["ports"] == [
        f"{DEFAULT_PORT}:{DEFAULT_PORT}",
        f"127.0.0.1:{HEALTH_PORT}:{HEALTH_PORT}",
    ]
    for name in ("migrate", "bot"):
        service = services[name]
        assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).is_file()
        env = service["environment"]
        assert_known(set(env), f"compose {name}")
        assert env["BALANCE_AUTO_MIGRATE"] == "false"
        url = re.sub(r"\$\{[^}]+\}", "secret", env["DATABASE_URL"])
        assert Settings(_env_file=None, database_url=url).database_url == url  # type: ignore[call-arg]


# -- Kubernetes ----------------------------------------------------------------------------------


def test_the_deployment_runs_three_http_replicas_probed_on_healthz() -> None:
    deployment = k8s("Deployment")
    assert deployment["spec"]["replicas"] == 3
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container.get("command") is None and container["args"] == ["run", "--mode", "http"]
    assert container["ports"] == [
        {"name": "http", "containerPort": DEFAULT_PORT},
        {"name": "health", "containerPort": HEALTH_PORT},
    ]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz", "port": "health"}
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(HEALTH_PORT)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    refs = container["envFrom"]
    sources = {ref.get("secretRef", ref.get("configMapRef"))["name"] for ref in refs}
    assert sources == {k8s("Secret")["metadata"]["name"], k8s("ConfigMap")["metadata"]["name"]}


def test_the_service_reaches_the_deployment_s_pods() -> None:
    service, deployment = k8s("Service"), k8s("Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert deployment["spec"]["selector"]["matchLabels"] == labels
    # The Service exposes Slack's port only: health and metrics are not for the internet.
    assert [p["targetPort"] for p in service["spec"]["ports"]] == ["http"]


def test_the_migration_job_uses_the_bot_s_image_and_settings() -> None:
    job, deployment = k8s("Job"), k8s("Deployment")
    [migrate] = job["spec"]["template"]["spec"]["containers"]
    [bot] = deployment["spec"]["template"]["spec"]["containers"]
    assert migrate["args"] == ["db", "upgrade"]
    assert migrate["image"] == bot["image"] and migrate["envFrom"] == bot["envFrom"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def test_the_secret_and_config_name_only_settings() -> None:
    secret, config = k8s("Secret"), k8s("ConfigMap")
    assert_known(set(secret["stringData"]), "k8s Secret")
    assert_known(set(config["data"]), "k8s ConfigMap")
    oauth = {
        "SLACK_SIGNING_SECRET",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
        "BALANCE_ENCRYPTION_KEY",
        "DATABASE_URL",
    }
    assert oauth <= set(secret["stringData"])
    assert config["data"]["BALANCE_AUTO_MIGRATE"] == "false"
    assert config["data"]["PORT"] == str(DEFAULT_PORT)
    assert config["data"]["BALANCE_HEALTH_PORT"] == str(HEALTH_PORT)
    assert config["data"]["BALANCE_HEALTH_HOST"] == "0.0.0.0"  # kubelet probes the pod's IP
    for value in config["data"].values():
        assert isinstance(value, str), "ConfigMap values must be strings"


# -- systemd -------------------------------------------------------------------------------------


def test_the_systemd_unit_runs_the_bot_as_its_own_user() -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "systemd" / "balance-bot.service").read_text())
    service = unit["Service"]
    assert shlex.split(service["ExecStart"])[1:] == ["run"]
    assert shlex.split(service["ExecStartPre"])[1:] == ["db", "upgrade"]
    assert Path(shlex.split(service["ExecStart"])[0]).name == SCRIPT
    assert service["User"] not in ("root", "0") and service["EnvironmentFile"]
    assert service["RestartPreventExitStatus"] == "2"  # `fail()` in bot/cli.py exits 2
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    extra = {line.split("=", 1)[0] for line in service.get("Environment", "").split()}
    assert_known(extra - {""}, "systemd Environment")
    assert f"BALANCE_HEALTH_PORT={HEALTH_PORT}" in service["Environment"].split()
    assert service["UMask"] == "0077"


# -- Slack manifests -----------------------------------------------------------------------------


def manifests() -> dict[str, dict[str, Any]]:
    return {p.name: load_all(p)[0] for p in sorted((DEPLOY / "slack").glob("*.yml"))}


def test_each_manifest_asks_for_the_scopes_an_install_requests() -> None:
    for name, data in manifests().items():
        assert data["oauth_config"]["scopes"]["bot"] == list(INSTALL_SCOPES), name


def test_each_manifest_has_the_command_the_code_registers() -> None:
    registered = set(
        re.findall(r'app\.command\("([^"]+)"\)', (ROOT / "bot" / "command_listener.py").read_text())
    )
    for name, data in manifests().items():
        assert {c["command"] for c in data["features"]["slash_commands"]} == registered, name


def test_one_manifest_per_mode() -> None:
    modes = {name: data["settings"]["socket_mode_enabled"] for name, data in manifests().items()}
    assert modes == {"manifest.yml": True, "manifest-http-oauth.yml": False}
    http = manifests()["manifest-http-oauth.yml"]
    assert http["settings"]["token_rotation_enabled"] is True
    assert http["oauth_config"]["redirect_urls"][0].endswith(REDIRECT_PATH)
    assert INSTALL_PATH in (DEPLOY / "README.md").read_text()
