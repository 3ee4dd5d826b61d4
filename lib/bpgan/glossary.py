"""The source text's terms, in Chinese and English, with the notebook that teaches each (notebook 13).

The course was written from a Chinese blog post on GANs, the forward pass and backpropagation. Each notebook
gives the post's own term at its first use, as "English (中文)"; this list gathers them, and a test checks that
every entry's Chinese term really appears in the notebook it points to. Where the post spells a term
unusually (文字专图片 for 文字转图片, "Hadamard积"), ``source`` keeps its spelling.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    chinese: str
    english: str
    notebook: str          # the two-digit number of the notebook that teaches it
    source: str = ""       # the source text's own spelling (or its other name), where it differs


GLOSSARY = (
    Term("链式法则", "the chain rule", "01"),
    Term("导数", "derivative", "01"),
    Term("偏导", "partial derivative", "01"),
    Term("复合函数", "composite function", "01"),
    Term("梯度", "gradient", "01"),
    Term("前向传播", "the forward pass (forward propagation)", "02"),
    Term("神经元", "neuron", "02"),
    Term("权重", "weight", "02"),
    Term("偏置", "bias", "02"),
    Term("激活函数", "activation function", "02"),
    Term("激活值", "activation (a neuron's output)", "02"),
    Term("饱和", "saturation", "02"),
    Term("代价函数", "cost function", "03"),
    Term("二次代价函数", "quadratic cost", "03", source="二次损失函数"),
    Term("期望的输出", "desired output (the target y)", "03"),
    Term("两个假设", "the two assumptions on the cost", "03"),
    Term("反向传播", "backpropagation", "04", source="反向传播 and 后向传播"),
    Term("反向传播的四个基本方程", "the four equations of backpropagation (BP1–BP4)", "04"),
    Term("误差", "the error δ", "04"),
    Term("小恶魔", "the demon who nudges z", "04"),
    Term("输出层的误差方程", "the output error equation (BP1)", "04"),
    Term("链式法则误差求和", "the chain rule summing the error over paths (BP2)", "04"),
    Term("哈达玛积", "Hadamard (element-wise) product", "04", source="Hadamard积"),
    Term("梯度下降", "gradient descent", "05", source="梯度下降法"),
    Term("学习率", "learning rate", "05"),
    Term("随机梯度下降法", "stochastic gradient descent (SGD)", "05"),
    Term("权重参数更新", "the weight update", "05"),
    Term("误差范围内", "within tolerance (the stopping rule)", "05"),
    Term("对抗生成网络", "generative adversarial network (GAN)", "06"),
    Term("判别器", "discriminator", "06"),
    Term("损失函数", "loss function", "06"),
    Term("贝叶斯", "Bayes' rule", "06"),
    Term("后验", "posterior probability", "06"),
    Term("生成样本", "generated samples", "06"),
    Term("真实样本", "real samples", "06"),
    Term("真假难辨", "real and fake indistinguishable", "06"),
    Term("判别器开始波动很大", "the discriminator swings wildly at first", "08"),
    Term("先调整判别器", "adjust (train) the discriminator first", "08"),
    Term("图像数据集生成", "image dataset generation", "09"),
    Term("文字转图片", "text to image", "10", source="文字专图片"),
    Term("头像转表情包", "avatar to emoji (stickers)", "11"),
    Term("头像转3D", "avatar to 3-D", "12"),
)
