"""The HTTP server: the front in front of moto's app, our own endpoints, TEST_SERVER_MODE, and
the ``licensemgr-mock`` commands."""
