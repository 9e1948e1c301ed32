from django import forms

from gongkai.accounts.models import User
from gongkai.organisations.actions import CONTACT_FIELDS
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import ROLE_LABELS, Role


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = list(CONTACT_FIELDS)


class AssignRoleForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=[(r.value, ROLE_LABELS[r]) for r in Role])

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                f"找不到在用的账号“{username}”。账号由平台管理员创建（gongkai user create）。"
            )
        self.cleaned_data["user"] = user
        return username
