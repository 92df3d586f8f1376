"""The moto adapters: the only code that imports moto (registration of the service, the
backend moto finds, the in-process entrance, one adapter per moto service License Manager
reads or writes)."""
