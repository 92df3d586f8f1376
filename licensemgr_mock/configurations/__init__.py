"""configurations"""
