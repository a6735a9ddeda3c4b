#!/usr/bin/python3
"""Creates logical switch ports with Neutron's ovsdbapp, one awaited transaction per port.

usage: ovsdbapp_driver.py REMOTE PORTS SWITCHES
The switches sw0..sw{SWITCHES-1} must exist. Prints the seconds spent creating the ports
(after the initial database sync) as the only line on stdout.
"""
import sys
import time

from ovsdbapp.backend.ovs_idl import connection
from ovsdbapp.schema.ovn_northbound import impl_idl


def main():
    remote, ports, switches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    idl = connection.OvsdbIdl.from_server(remote, "OVN_Northbound")
    api = impl_idl.OvnNbApiIdlImpl(connection.Connection(idl=idl, timeout=60))
    start = time.monotonic()
    for i in range(ports):
        name = "py-%d" % i
        api.lsp_add(
            "sw%d" % (i % switches), name,
            addresses=["0a:00:%02x:%02x:%02x:%02x 10.%d.%d.%d" % (
                (i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255,
                (i >> 16) & 255, (i >> 8) & 255, i & 255)],
            external_ids={"scnet/owner": "bench", "scnet/name": name},
        ).execute(check_error=True)
    print(time.monotonic() - start)


if __name__ == "__main__":
    main()
