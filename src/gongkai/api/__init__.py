"""The open-data API (/api/v1/): agencies, the published catalog, published annual reports and
each agency's 公开指南, read-only and without login, through the same queries as the portal.
OpenAPI 3 at /api/v1/openapi.json, its docs page at /api/v1/docs (Swagger UI's own files)."""
