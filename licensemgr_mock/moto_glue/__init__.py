"""moto_glue"""
