"""Marshmallow schemas of the API's resources, one module a resource stem."""
