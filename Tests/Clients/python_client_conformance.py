#!/usr/bin/env python3
"""Drives a Kubernetes API server with the official Python client (Debian's python3-kubernetes).

usage: python_client_conformance.py KUBECONFIG

Runs list, watch, patch, status and conflict handling as an operator's script would, and prints
one JSON line per check: {"check": NAME, "ok": true|false, "detail": ...}. Exits 1 when a check
failed. The embedded API must answer exactly as kube-apiserver does for each.
"""
import json
import sys
import threading

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

NAMESPACE = "pyclient"
failures = 0


def check(name, ok, detail=""):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"check": name, "ok": bool(ok), "detail": str(detail)}), flush=True)


def pod(name, labels):
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox")]),
    )


def main():
    config.load_kube_config(config_file=sys.argv[1])
    core = client.CoreV1Api()
    custom = client.CustomObjectsApi()

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=NAMESPACE)))
    first = core.create_namespaced_pod(NAMESPACE, pod("web-1", {"app": "web"}))
    core.create_namespaced_pod(NAMESPACE, pod("db-1", {"app": "db"}))

    # list, with a label selector
    listed = core.list_namespaced_pod(NAMESPACE, label_selector="app=web")
    names = [p.metadata.name for p in listed.items]
    check("list with a label selector", names == ["web-1"], names)
    check("list carries a resourceVersion", bool(listed.metadata.resource_version), listed.metadata.resource_version)

    # watch: the client sends watch=True (capital T)
    seen = []
    started = threading.Event()

    def follow():
        stream = watch.Watch()
        started.set()
        for event in stream.stream(core.list_namespaced_pod, NAMESPACE,
                                   resource_version=listed.metadata.resource_version, timeout_seconds=10):
            seen.append((event["type"], event["object"].metadata.name))
            if event["object"].metadata.name == "web-2":
                stream.stop()

    follower = threading.Thread(target=follow)
    follower.start()
    started.wait()
    core.create_namespaced_pod(NAMESPACE, pod("web-2", {"app": "web"}))
    follower.join(20)
    check("watch delivers a new pod as ADDED", ("ADDED", "web-2") in seen, seen)

    # patch: strategic merge (the client's default for a dict) and JSON patch (a list)
    patched = core.patch_namespaced_pod("web-1", NAMESPACE, {"metadata": {"labels": {"tier": "front"}}})
    check("strategic merge patch adds a label and keeps the others",
          patched.metadata.labels == {"app": "web", "tier": "front"}, patched.metadata.labels)
    patched = core.patch_namespaced_pod("web-1", NAMESPACE, [
        {"op": "add", "path": "/metadata/annotations", "value": {"owner": "python"}}])
    check("JSON patch adds an annotation", (patched.metadata.annotations or {}).get("owner") == "python",
          patched.metadata.annotations)

    # status: the subresource writes status only; the main resource does not write it
    current = core.read_namespaced_pod("web-1", NAMESPACE)
    current.status = client.V1PodStatus(phase="Running", pod_ip="10.0.0.9")
    updated = core.replace_namespaced_pod_status("web-1", NAMESPACE, current)
    check("status subresource writes status", updated.status.phase == "Running" and updated.status.pod_ip == "10.0.0.9",
          updated.status.phase)
    labelled = core.patch_namespaced_pod("web-1", NAMESPACE, {"metadata": {"labels": {"tier": "back"}},
                                                                "status": {"phase": "Failed"}})
    check("a write to the main resource leaves status alone", labelled.status.phase == "Running", labelled.status.phase)

    # conflict: an update from a stale resourceVersion is refused with 409
    stale = first
    stale.metadata.labels = {"app": "stale"}
    try:
        core.replace_namespaced_pod("web-1", NAMESPACE, stale)
        check("a stale update gets 409 Conflict", False, "accepted")
    except ApiException as error:
        check("a stale update gets 409 Conflict", error.status == 409, error.status)
    # and a retry from a fresh read succeeds, as client code does it
    fresh = core.read_namespaced_pod("web-1", NAMESPACE)
    fresh.metadata.labels["app"] = "retried"
    retried = core.replace_namespaced_pod("web-1", NAMESPACE, fresh)
    check("an update from a fresh read succeeds", retried.metadata.labels.get("app") == "retried", retried.metadata.labels)

    # errors are Status objects the client understands
    try:
        core.read_namespaced_pod("nosuch", NAMESPACE)
        check("a missing pod is 404 NotFound", False, "found")
    except ApiException as error:
        body = json.loads(error.body or "{}")
        check("a missing pod is 404 NotFound", error.status == 404 and body.get("reason") == "NotFound", error.body)

    # custom resources: scnet's own kinds through the generic client
    subnets = custom.list_cluster_custom_object("kubeovn.io", "v1", "subnets")
    check("custom resources list (kubeovn.io/v1 subnets)", subnets.get("kind") == "SubnetList", subnets.get("kind"))

    # delete, then the watch of a single object's deletion
    core.delete_namespaced_pod("db-1", NAMESPACE)
    remaining = sorted(p.metadata.name for p in core.list_namespaced_pod(NAMESPACE).items)
    check("delete removes the pod", remaining == ["web-1", "web-2"], remaining)

    print(json.dumps({"failures": failures}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
