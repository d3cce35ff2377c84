#!/usr/bin/python3
"""The Python peer of fhir_bulk_benchmark: the same requests as migrate::fhir::update_each, standard library only.

Scans Patient?identifier=<system>| page by page (_count=page), flips `active` on every Patient, and writes them back
in batch Bundles of `batch` PUT entries with If-Match, `parallel` Bundles in flight, batches filling across pages and
the next page read while batches are written.

  bulk_peer.py <fhir-base> <identifier-system> <page> <batch> <parallel>
"""
import http.client
import json
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

base, system, page_size, batch_size, parallel = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
origin = urllib.parse.urlsplit(base)
local = threading.local()
HEADERS = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}


def request(method, target, body=None):
    # One keep-alive connection per thread.
    connection = getattr(local, "connection", None)
    if connection is None:
        connection = local.connection = http.client.HTTPConnection(origin.hostname, origin.port)
    connection.request(method, target, body=body, headers=HEADERS)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {target}: HTTP {response.status}: {data[:200]!r}")
    return json.loads(data)


def target_of(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def write(entries):
    bundle = {"resourceType": "Bundle", "type": "batch", "entry": entries}
    answer = request("POST", origin.path, json.dumps(bundle))
    updated = 0
    for entry in answer.get("entry", []):
        status = entry.get("response", {}).get("status", "")
        if status.startswith("2"):
            updated += 1
        elif not (status.startswith("409") or status.startswith("412")):
            raise RuntimeError(f"batch entry failed: {status}")
    return updated


def main():
    first = f"{origin.path}/Patient?" + urllib.parse.urlencode({"identifier": system + "|", "_count": page_size})
    reader = ThreadPoolExecutor(1)
    writers = ThreadPoolExecutor(parallel)
    in_flight = []
    updated = 0
    entries = []
    page = request("GET", first)
    while page is not None:
        next_url = next((link["url"] for link in page.get("link", []) if link.get("relation") == "next"), None)
        upcoming = reader.submit(request, "GET", target_of(next_url)) if next_url else None
        for entry in page.get("entry", []):
            resource = entry["resource"]
            resource["active"] = not resource.get("active", False)
            entries.append({"resource": resource,
                            "request": {"method": "PUT", "url": f"Patient/{resource['id']}",
                                        "ifMatch": f"W/\"{resource['meta']['versionId']}\""}})
            if len(entries) == batch_size:
                while len(in_flight) >= 2 * parallel:
                    updated += in_flight.pop(0).result()
                in_flight.append(writers.submit(write, entries))
                entries = []
        page = upcoming.result() if upcoming else None
    if entries:
        in_flight.append(writers.submit(write, entries))
    for future in in_flight:
        updated += future.result()
    if updated == 0:
        sys.exit("nothing updated")


main()
