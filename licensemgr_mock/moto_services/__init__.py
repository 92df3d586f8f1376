"""moto_services"""
