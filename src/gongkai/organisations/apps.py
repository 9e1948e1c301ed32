from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "gongkai.organisations"
    verbose_name = "机构与人员"

    def ready(self):
        from gongkai.audit import labels

        from .models import Agency, RoleAssignment

        labels.register_choices("agency", Agency)
        labels.register_choices("role", RoleAssignment)
