"""LibreOffice converting a document to PDF inside an office that is already running (UNO): the
in-process anchor of bench_report_pdf.py. Run by the system Python that has `uno`
(python3-uno), not by the project's: `python3 uno_convert.py PORT SOURCE OUT RUNS`.

Prints a JSON list of seconds, one per run: load the source, export it as PDF, close it.
"""

import json
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def props(**values):
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def desktop(port: int):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(600):  # the office takes a while to start listening
        try:
            context = resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
            )
            break
        except Exception:  # noqa: BLE001 - NoConnectException until it listens
            time.sleep(0.1)
    else:
        raise SystemExit("LibreOffice did not start listening")
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def main(port: int, source: Path, out: Path, runs: int) -> None:
    office = desktop(port)
    load = props(Hidden=True)
    times = []
    for _ in range(runs + 1):  # the first run warms the office up and is not counted
        started = time.perf_counter()
        document = office.loadComponentFromURL(source.resolve().as_uri(), "_blank", 0, load)
        document.storeToURL(out.resolve().as_uri(), props(FilterName="writer_pdf_Export"))
        document.close(True)
        times.append(time.perf_counter() - started)
    print(json.dumps(times[1:]))


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
