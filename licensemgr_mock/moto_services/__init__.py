"""What License Manager reads from moto's other services (EC2, Organizations), in one place."""
