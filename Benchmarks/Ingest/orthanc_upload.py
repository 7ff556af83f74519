"""POSTs DICOM files to Orthanc's REST API (/instances) from parallel clients and reports the rate.

    python orthanc_upload.py URL FILE_LIST [--clients 8]

Each client thread keeps one HTTP connection open and sends whole files, as Orthanc's own
ImportDicomFiles.py does. Prints one JSON line: files, seconds, files_per_second, failures.
"""

import argparse
import http.client
import json
import threading
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("file_list")
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with open(args.file_list) as listing:
        files = [line.strip() for line in listing if line.strip()]
    target = urllib.parse.urlparse(args.url)
    lock = threading.Lock()
    queue = list(reversed(files))
    failures = []

    def client():
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            with open(path, "rb") as f:
                body = f.read()
            connection.request("POST", "/instances", body, {"Content-Type": "application/dicom"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                with lock:
                    failures.append((path, response.status))
        connection.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    print(json.dumps({"files": len(files), "seconds": seconds, "files_per_second": len(files) / seconds,
                      "failures": len(failures)}))


if __name__ == "__main__":
    main()
