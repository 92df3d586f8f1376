"""grants"""
