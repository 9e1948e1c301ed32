from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "登录名或密码不正确。连续输错 %(limit)s 次后，账号将被暂时锁定 15 分钟。",
        "inactive": "此账号已停用，请联系本机关管理员。",
    }

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["username"].label = "登录名"
        self.fields["password"].label = "密码"
        self.error_messages = {
            **self.error_messages,
            "invalid_login": self.error_messages["invalid_login"]
            % {"limit": settings.AXES_FAILURE_LIMIT},
        }
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def get_invalid_login_error(self):
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
