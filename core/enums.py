"""String enums whose members carry the words pages show for them."""
import enum


class LabelledEnum(str, enum.Enum):
    """A string enum written `NAME = "value", "Label"`: the member equals its value, `.label` is the words."""

    label: str

    def __new__(cls, value: str, label: str):
        """Store the value as the member's value and keep the label beside it."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
