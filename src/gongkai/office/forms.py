from django import forms

from gongkai.accounts.models import User
from gongkai.organisations.actions import CONTACT_FIELDS, OFFICE_SETTINGS
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import ROLE_LABELS, Role


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [*CONTACT_FIELDS, *OFFICE_SETTINGS]


class AssignRoleForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    unit = forms.ChoiceField(label="所在机关")
    reason = forms.CharField(
        label="理由",
        max_length=500,
        required=False,
        help_text="平台管理员分配可查看个人信息或负责审批的角色时必填，记入审计日志。",
    )

    def __init__(self, *args, units=(), **kwargs):
        """``units``: the current agency and the units directly below it, where the person may
        give elevated roles as the administrator of the agency above."""
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        if units:
            self.fields["unit"].initial = units[0].code

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                f"找不到在用的账号“{username}”。账号由平台管理员创建（gongkai user create）。"
            )
        self.cleaned_data["user"] = user
        return username


class AddPersonForm(forms.Form):
    """A new colleague: their account and first role (organisations.actions.accounts.add_person)."""

    full_name = forms.CharField(label="姓名", max_length=60)
    username = forms.RegexField(
        label="登录名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": "登录名只能由字母、数字和 _ . @ + - 组成，如 zhangsan。"},
    )
    email = forms.EmailField(label="电子邮箱", required=False)
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    unit = forms.ChoiceField(label="所在机关")
    role = forms.ChoiceField(label="角色", choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    reason = forms.CharField(label="理由", max_length=500, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.fields["unit"].choices = [(u.code, u.name) for u in units]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                f"登录名“{username}”已有人使用。同一个人在几个机关工作时只用一个账号："
                "请在上面的“分配角色”中给这个账号分配角色。"
            )
        return username
