"""The staff back office shell: navigation, dashboard, agency and people pages."""
