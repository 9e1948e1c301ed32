from django import forms

from gongkai.organisations.models import Agency

from .actions import Settings
from .events import Event


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}（{obj.code}）"


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        label="名称", max_length=100, help_text="接收方系统的名称，如“12345 热线工单系统”。"
    )
    url = forms.CharField(
        label="推送地址",
        max_length=500,
        help_text="接收方的 http:// 或 https:// 地址；平台以 POST 发送 JSON，不跟随重定向。",
    )
    events = forms.MultipleChoiceField(
        label="订阅事件",
        choices=[(e.value, e.label) for e in Event],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一种事件。"},
    )
    agency = AgencyChoice(label="机关", queryset=Agency.objects.none())
    subtree = forms.BooleanField(
        label="含下级机关", required=False, initial=True, help_text="也推送所有下级单位的事件。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("path")

    def wanted(self) -> Settings:
        data = self.cleaned_data
        return Settings(
            name=data["name"],
            url=data["url"],
            events=list(data["events"]),
            agency=data["agency"],
            subtree=data["subtree"],
        )


class EditSubscriptionForm(SubscriptionForm):
    is_active = forms.BooleanField(label="启用", required=False)
    new_secret = forms.BooleanField(
        label="更换签名密钥",
        required=False,
        help_text="生成新的密钥并只显示一次；此后的推送都用新密钥签名，请同时更新接收方。",
    )
