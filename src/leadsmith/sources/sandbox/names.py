"""Given names and family names by naming tradition, for the sandbox's people."""

from __future__ import annotations

from typing import NamedTuple


class NameGroup(NamedTuple):
    """One naming tradition: given names (male, female) and family names."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


NAME_GROUPS: dict[str, NameGroup] = {
    "anglo": NameGroup(
        _split(
            "James, John, Robert, Michael, William, David, Richard, Joseph, Thomas, Charles,"
            " Christopher, Daniel, Matthew, Anthony, Mark, Andrew, Joshua, Kevin, Brian, Ryan,"
            " Jacob, Nicholas, Tyler, Ethan, Liam, Noah, Mason, Jack, Oliver, Harry, George,"
            " Samuel, Benjamin, Alexander, Nathan, Adam, Luke, Henry, Owen, Caleb, Alex, Scott,"
            " Greg, Jason, Justin, Eric, Steven, Paul, Peter, Patrick, Sam, Max, Jordan, Chris"
        ),
        _split(
            "Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen,"
            " Lisa, Nancy, Emily, Ashley, Michelle, Amanda, Melissa, Stephanie, Rebecca, Laura,"
            " Rachel, Megan, Hannah, Olivia, Emma, Ava, Sophia, Chloe, Grace, Charlotte, Amelia,"
            " Lucy, Jane, Kate, Katherine, Victoria, Natalie, Samantha, Lauren, Madison, Abigail,"
            " Claire, Anna, Julia, Alice, Ella, Zoë, Holly, Amy, Heather, Kelly, Allison, Jenna"
        ),
        _split(
            "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor,"
            " Thomas, Moore, Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis,"
            " Robinson, Walker, Young, Allen, King, Wright, Scott, Hill, Green, Adams, Baker,"
            " Nelson, Carter, Mitchell, Roberts, Turner, Phillips, Campbell, Parker, Evans,"
            " Edwards, Collins, Stewart, Morris, Cook, Rogers, Morgan, Cooper, Peterson, Reed,"
            " Bailey, Bell, Howard, Ward, Cox, Richardson, Wood, Watson, Brooks, Bennett, Gray,"
            " Hughes, Price, Sanders, Myers, Long, Ross, Foster, Powell, Jenkins, Perry, Russell,"
            " Fisher, Hayes, Graham, Wallace, Hamilton, Ellis, Marshall, Owens, Harrison, Palmer,"
            " Doe, Holt, Spencer, Shaw, Lawson, Barker, Fletcher, Chapman, Webb, Hunt, Mills"
        ),
    ),
    "irish": NameGroup(
        _split(
            "Seán, Ciarán, Pádraig, Eoin, Cian, Conor, Darragh, Oisín, Niall, Declan, Liam,"
            " Aidan, Cathal, Fionn, Rory, Shane, Colm, Dónal, Brendan, Kieran"
        ),
        _split(
            "Aoife, Siobhán, Niamh, Róisín, Ciara, Saoirse, Orla, Caoimhe, Sinéad, Aisling,"
            " Clodagh, Gráinne, Méabh, Deirdre, Emer, Fiona, Nora, Éabha, Ailbhe, Sorcha"
        ),
        _split(
            "Murphy, Kelly, O'Sullivan, Walsh, O'Brien, Byrne, Ryan, O'Connor, O'Neill, Doyle,"
            " McCarthy, Gallagher, Kennedy, Lynch, Quinn, Murray, Daly, Dunne, Brennan, Burke,"
            " Fitzgerald, O'Reilly, Nolan, Healy, Kavanagh, Moloney, Keane, Flanagan, Byrne,"
            " McGrath, Fitzpatrick, Power, Whelan, Sweeney, Hogan, Duffy, Farrell, Kearney"
        ),
    ),
    "german": NameGroup(
        _split(
            "Lukas, Leon, Finn, Jonas, Paul, Felix, Maximilian, Elias, Julian, Tobias, Stefan,"
            " Andreas, Thomas, Michael, Markus, Florian, Sebastian, Matthias, Jürgen, Jörg,"
            " Christian, Alexander, Daniel, Dominik, Philipp, Moritz, Niklas, Jan, Tim, Uwe,"
            " Klaus, Wolfgang, Ralf, Dirk, Sven, Björn, Kai, Lars, Henrik, Benedikt"
        ),
        _split(
            "Anna, Lena, Leonie, Hannah, Laura, Julia, Katharina, Sophie, Marie, Sarah, Lea,"
            " Sabine, Petra, Claudia, Monika, Birgit, Anja, Nicole, Stefanie, Franziska, Jana,"
            " Johanna, Carolin, Miriam, Ulrike, Kerstin, Susanne, Melanie, Vanessa, Jessica,"
            " Lisa, Charlotte, Greta, Frieda, Mia, Clara, Annika, Theresa, Verena, Jasmin"
        ),
        _split(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann,"
            " Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann,"
            " Braun, Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Schmitz, Krause, Meier,"
            " Lehmann, Schmid, Schulze, Maier, Köhler, Herrmann, König, Walter, Mayer, Huber,"
            " Kaiser, Fuchs, Peters, Lang, Scholz, Möller, Weiß, Jung, Hahn, Keller, Vogel,"
            " Friedrich, Günther, Frank, Berger, Winkler, Roth, Beck, Lorenz, Baumann, Brandt,"
            " Graf, Gruber, Steiner, Moser, Wimmer, Egger, Brunner, Huber, Frei, Gerber"
        ),
    ),
    "french": NameGroup(
        _split(
            "Jean, Pierre, Louis, Lucas, Hugo, Gabriel, Arthur, Jules, Nicolas, Julien, Thomas,"
            " Antoine, Mathieu, François, Olivier, Étienne, Sébastien, Benoît, Guillaume, Maxime,"
            " Rémi, Alexandre, Vincent, Romain, Théo, Baptiste, Clément, Quentin, Jérôme, Loïc"
        ),
        _split(
            "Camille, Léa, Chloé, Manon, Inès, Sarah, Juliette, Louise, Émilie, Claire, Marie,"
            " Sophie, Isabelle, Nathalie, Céline, Aurélie, Élodie, Margaux, Hélène, Pauline,"
            " Mathilde, Anaïs, Laure, Amélie, Charlotte, Justine, Lucie, Océane, Noémie, Zoé"
        ),
        _split(
            "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau,"
            " Simon, Laurent, Lefebvre, Michel, David, Bertrand, Roux, Vincent, Fournier, Morel,"
            " Girard, André, Lefèvre, Mercier, Dupont, Lambert, Bonnet, François, Legrand,"
            " Garnier, Faure, Rousseau, Blanc, Guérin, Muller, Henry, Roussel, Nicolas, Perrin,"
            " Morin, Mathieu, Clément, Gauthier, Dumont, Fontaine, Chevalier, Robin, Masson,"
            " Lemoine, Brunet, Marchand, Duval, Denis, Leclerc, Boucher, Tremblay, Gagnon"
        ),
    ),
    "spanish": NameGroup(
        _split(
            "Alejandro, Daniel, Pablo, Javier, Carlos, Miguel, José, Manuel, Antonio, Francisco,"
            " David, Sergio, Jorge, Luis, Diego, Andrés, Fernando, Raúl, Álvaro, Iván, Mateo,"
            " Santiago, Sebastián, Emiliano, Joaquín, Tomás, Ignacio, Rodrigo, Gonzalo, Martín"
        ),
        _split(
            "María, Lucía, Carmen, Sofía, Paula, Laura, Marta, Elena, Ana, Isabel, Cristina,"
            " Andrea, Sara, Beatriz, Patricia, Rocío, Valentina, Camila, Mariana, Gabriela,"
            " Ximena, Guadalupe, Daniela, Natalia, Julieta, Florencia, Agustina, Catalina"
        ),
        _split(
            "García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez,"
            " Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso,"
            " Gutiérrez, Navarro, Torres, Domínguez, Vázquez, Ramos, Gil, Ramírez, Serrano,"
            " Blanco, Molina, Morales, Suárez, Ortega, Delgado, Castro, Ortiz, Rubio, Marín,"
            " Sanz, Núñez, Iglesias, Medina, Garrido, Cortés, Castillo, Santos, Lozano, Guerrero,"
            " Cano, Prieto, Méndez, Cruz, Flores, Reyes, Herrera, Aguilar, Vargas, Rojas, Mendoza"
        ),
    ),
    "portuguese": NameGroup(
        _split(
            "João, Pedro, Lucas, Gabriel, Matheus, Rafael, Gustavo, Felipe, Bruno, Thiago,"
            " Rodrigo, Leonardo, Guilherme, Eduardo, Tiago, Rui, Nuno, Miguel, André, Vinícius,"
            " Caio, Henrique, Marcelo, Ricardo, Fábio, Diogo, Gonçalo, Duarte, Afonso, Renato"
        ),
        _split(
            "Ana, Maria, Beatriz, Juliana, Fernanda, Camila, Larissa, Letícia, Mariana, Gabriela,"
            " Bruna, Patrícia, Aline, Inês, Catarina, Rita, Joana, Sofia, Carolina, Luíza,"
            " Isabela, Vitória, Raquel, Tatiana, Priscila, Débora, Marta, Leonor, Matilde"
        ),
        _split(
            "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes,"
            " Costa, Ribeiro, Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira,"
            " Barbosa, Rocha, Dias, Nascimento, Andrade, Moreira, Nunes, Marques, Machado,"
            " Mendes, Freitas, Cardoso, Ramos, Gonçalves, Santana, Teixeira, Correia, Pinto,"
            " Sousa, Araújo, Cunha, Monteiro, Moura, Cavalcanti, Azevedo, Batista"
        ),
    ),
    "italian": NameGroup(
        _split(
            "Marco, Luca, Giuseppe, Francesco, Alessandro, Andrea, Matteo, Lorenzo, Davide,"
            " Simone, Federico, Riccardo, Stefano, Giovanni, Paolo, Roberto, Antonio, Fabio,"
            " Nicola, Emanuele, Gabriele, Tommaso, Massimo, Claudio, Daniele, Filippo, Pietro"
        ),
        _split(
            "Giulia, Chiara, Francesca, Sara, Martina, Valentina, Alessia, Elena, Federica,"
            " Silvia, Elisa, Laura, Giorgia, Paola, Roberta, Alice, Beatrice, Aurora, Serena,"
            " Ilaria, Camilla, Sofia, Greta, Veronica, Claudia, Arianna, Eleonora"
        ),
        _split(
            "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco,"
            " Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti,"
            " Barbieri, Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini,"
            " Leone, Longo, Gentile, Martinelli, Vitale, Lombardo, Serra, Coppola, De Santis,"
            " D'Angelo, Marchetti, Parisi, Villa, Conte, Ferri, Fabbri, Bellini, Sartori"
        ),
    ),
    "dutch": NameGroup(
        _split(
            "Daan, Sem, Lucas, Levi, Finn, Milan, Bram, Jesse, Thijs, Ruben, Lars, Sander,"
            " Pieter, Joost, Maarten, Wouter, Koen, Stijn, Jeroen, Bas, Niels, Tom, Joris,"
            " Rick, Mark, Dirk, Hendrik, Wim, Arjen, Jasper"
        ),
        _split(
            "Emma, Julia, Sophie, Lotte, Anna, Fleur, Sanne, Lisa, Eva, Femke, Anouk, Iris,"
            " Noor, Maud, Esther, Marieke, Inge, Ilse, Linda, Annelies, Saskia, Lieke, Roos,"
            " Evi, Merel, Nienke, Floor, Tessa, Eline, Hanneke"
        ),
        _split(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit,"
            " Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen,"
            " Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, van der Linden,"
            " Kok, Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen, van den Broek,"
            " de Bruijn, van der Heijden, Schouten, van Beek, Willems, van Vliet, Peeters, Maes,"
            " Claes, Goossens, Wouters, De Smet, Mertens, Willaert, Verhoeven"
        ),
    ),
    "swedish": NameGroup(
        _split(
            "Erik, Lars, Anders, Johan, Karl, Nils, Magnus, Henrik, Oskar, Emil, Mikael,"
            " Fredrik, Jonas, Gustav, Axel, Viktor, Linus, Olof, Per, Björn, Hugo, William"
        ),
        _split(
            "Anna, Emma, Maja, Ingrid, Sofia, Elin, Karin, Linnéa, Astrid, Sigrid, Ida, Frida,"
            " Ebba, Wilma, Klara, Matilda, Saga, Alva, Johanna, Malin, Sara, Elsa"
        ),
        _split(
            "Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson,"
            " Svensson, Gustafsson, Pettersson, Jonsson, Jansson, Hansson, Bengtsson, Lindberg,"
            " Lindström, Lindqvist, Lindgren, Berg, Lund, Ek, Holm, Sjöberg, Wallin, Engström,"
            " Nyström, Forsberg, Åberg, Sandberg, Lundqvist, Björk"
        ),
    ),
    "norwegian": NameGroup(
        _split(
            "Ole, Lars, Jon, Knut, Per, Erik, Magnus, Henrik, Sindre, Eirik, Håkon, Jakob,"
            " Emil, Sander, Tobias, Fredrik, Kristian, Martin, Aksel, Vegard, Øyvind, Torbjørn"
        ),
        _split(
            "Ingrid, Nora, Emma, Sofie, Kari, Anne, Ingeborg, Sigrid, Marte, Thea, Hanna,"
            " Silje, Ida, Maren, Tuva, Astrid, Live, Solveig, Ragnhild, Kristin, Åse, Synnøve"
        ),
        _split(
            "Hansen, Johansen, Olsen, Larsen, Andersen, Pedersen, Nilsen, Kristiansen, Jensen,"
            " Karlsen, Berg, Haugen, Hagen, Johannessen, Bakken, Halvorsen, Solberg, Eriksen,"
            " Strand, Lie, Dahl, Moen, Lunde, Holm, Sæther, Ødegård, Aas, Nygård"
        ),
    ),
    "danish": NameGroup(
        _split(
            "Mads, Søren, Jens, Rasmus, Mathias, Frederik, Christian, Kasper, Anders, Niels,"
            " Morten, Jesper, Thomas, Mikkel, Emil, Oliver, Magnus, Lasse, Jakob, Troels"
        ),
        _split(
            "Mette, Kirsten, Freja, Ida, Sofie, Emma, Laura, Line, Camilla, Louise, Maria,"
            " Anne, Pernille, Trine, Signe, Maja, Cecilie, Julie, Sara, Nanna"
        ),
        _split(
            "Jensen, Nielsen, Hansen, Pedersen, Andersen, Christensen, Larsen, Sørensen,"
            " Rasmussen, Jørgensen, Petersen, Madsen, Kristensen, Olsen, Thomsen, Christiansen,"
            " Poulsen, Johansen, Møller, Mortensen, Knudsen, Mikkelsen, Frederiksen, Lund"
        ),
    ),
    "finnish": NameGroup(
        _split(
            "Mikko, Juha, Matti, Antti, Jari, Timo, Janne, Ville, Sami, Jukka, Eero, Aleksi,"
            " Joonas, Lauri, Olli, Tuomas, Teemu, Petri, Markku, Kalle, Onni, Eetu"
        ),
        _split(
            "Aino, Sanna, Johanna, Laura, Hanna, Anna, Tiina, Satu, Minna, Riikka, Elina,"
            " Emilia, Venla, Kaisa, Noora, Heidi, Päivi, Katja, Liisa, Maria, Aada, Sofia"
        ),
        _split(
            "Korhonen, Virtanen, Mäkinen, Nieminen, Mäkelä, Hämäläinen, Laine, Heikkinen,"
            " Koskinen, Järvinen, Lehtonen, Lehtinen, Saarinen, Salminen, Heinonen, Niemi,"
            " Heikkilä, Kinnunen, Salonen, Turunen, Salo, Laitinen, Tuominen, Rantanen"
        ),
    ),
    "polish": NameGroup(
        _split(
            "Jakub, Kacper, Mateusz, Michał, Piotr, Tomasz, Paweł, Krzysztof, Łukasz, Marcin,"
            " Adam, Bartosz, Wojciech, Grzegorz, Maciej, Rafał, Dawid, Szymon, Filip, Jan"
        ),
        _split(
            "Anna, Katarzyna, Magdalena, Agnieszka, Joanna, Aleksandra, Monika, Zuzanna, Julia,"
            " Małgorzata, Karolina, Natalia, Ewa, Marta, Dorota, Barbara, Paulina, Weronika"
        ),
        _split(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński,"
            " Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski,"
            " Krawczyk, Piotrowski, Grabowski, Nowakowski, Pawłowski, Michalski, Nowicki,"
            " Adamczyk, Dudek, Zając, Wieczorek, Jabłoński, Król, Majewski, Olszewski,"
            " Jaworski, Wróbel, Malinowski, Pawlak, Witkowski, Walczak, Stępień, Górski"
        ),
    ),
    "indian": NameGroup(
        _split(
            "Aarav, Vivaan, Aditya, Arjun, Rohan, Rahul, Amit, Vikram, Sanjay, Rajesh, Suresh,"
            " Anil, Karthik, Pranav, Siddharth, Nikhil, Varun, Harsh, Manish, Deepak, Ravi,"
            " Arun, Vijay, Ajay, Gaurav, Abhishek, Akash, Ankit, Sandeep, Venkat, Prakash,"
            " Kiran, Naveen, Sachin, Vishal, Yash, Ishaan, Kunal, Mohit, Rakesh"
        ),
        _split(
            "Ananya, Priya, Divya, Sneha, Pooja, Neha, Kavya, Aisha, Ishita, Riya, Meera,"
            " Anjali, Shreya, Lakshmi, Deepika, Swati, Nisha, Shruti, Sunita, Kavita, Aditi,"
            " Nandini, Pallavi, Radhika, Tanvi, Aishwarya, Sanya, Bhavna, Harini, Madhuri"
        ),
        _split(
            "Sharma, Verma, Gupta, Patel, Singh, Kumar, Reddy, Rao, Iyer, Nair, Menon, Shah,"
            " Mehta, Joshi, Desai, Chopra, Malhotra, Kapoor, Agarwal, Banerjee, Chatterjee,"
            " Mukherjee, Das, Bose, Pillai, Krishnan, Subramanian, Bhat, Kulkarni, Jain,"
            " Saxena, Pandey, Mishra, Tiwari, Chauhan, Srinivasan, Naidu, Ghosh, Sinha, Khanna,"
            " Bhatt, Choudhary, Yadav, Goyal, Bansal, Sethi, Arora, Gill, Venkatesan, Hegde"
        ),
    ),
    "chinese": NameGroup(
        _split(
            "Wei, Jie, Hao, Ming, Jun, Lei, Kai, Zhi, Jian, Tao, Bo, Chao, Feng, Gang, Hong,"
            " Yi, Long, Peng, Qiang, Rui, Daniel, Kevin, Jason, Eric, Vincent, Marcus, Ryan"
        ),
        _split(
            "Mei, Ling, Xin, Hui, Yan, Jing, Li, Fang, Xiao, Yu, Qian, Ying, Min, Na, Ting,"
            " Rachel, Grace, Michelle, Joanne, Cheryl, Vivian, Irene, Jasmine, Stephanie"
        ),
        _split(
            "Tan, Lim, Lee, Ng, Ong, Wong, Goh, Chua, Chan, Koh, Teo, Ang, Yeo, Tay, Ho, Low,"
            " Toh, Sim, Chong, Chia, Chen, Wang, Zhang, Liu, Huang, Zhao, Wu, Zhou, Xu, Sun,"
            " Ma, Zhu, Hu, Guo, Lin, He, Gao, Luo, Zheng, Liang"
        ),
    ),
    "japanese": NameGroup(
        _split(
            "Haruto, Yuto, Sota, Yuki, Hiroshi, Takashi, Kenji, Satoshi, Daisuke, Kazuki, Ren,"
            " Sho, Takumi, Naoki, Ryota, Kenta, Yusuke, Akira, Makoto, Tatsuya, Shota, Koji"
        ),
        _split(
            "Yui, Hina, Sakura, Yuna, Aoi, Mei, Rin, Misaki, Ayaka, Haruka, Yuko, Keiko, Naomi,"
            " Emi, Akiko, Mai, Nanami, Saki, Kaori, Megumi, Yoko, Tomoko"
        ),
        _split(
            "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi,"
            " Kato, Yoshida, Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi,"
            " Shimizu, Yamazaki, Mori, Abe, Ikeda, Hashimoto, Ishikawa, Ogawa, Fujita, Okada,"
            " Goto, Hasegawa, Murakami, Kondo, Ishii, Sakamoto, Endo, Aoki, Fujii, Nishimura"
        ),
    ),
    "korean": NameGroup(
        _split(
            "Min-jun, Seo-jun, Ji-ho, Do-yun, Jun-seo, Hyun-woo, Sung-min, Jae-won, Dong-hyun,"
            " Tae-yang, Ji-hoon, Sang-woo, Young-ho, Joon-young, Min-ho"
        ),
        _split(
            "Seo-yeon, Ji-woo, Ha-eun, Min-seo, Su-bin, Ji-yeon, Eun-ji, Hye-jin, Yu-na,"
            " Da-eun, Soo-ah, Ye-jin, Ji-min, Hyun-ji, Na-yeon"
        ),
        _split(
            "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon,"
            " Hwang, Ahn, Song, Yoo, Hong, Jeon, Ko, Moon, Yang, Son, Bae, Baek, Heo, Nam"
        ),
    ),
    "hebrew": NameGroup(
        _split(
            "Noam, Itai, Yonatan, Omer, Eitan, Ariel, Daniel, Guy, Amit, Yosef, Tomer, Ido,"
            " Nadav, Roi, Uri, Eyal, Oren, Gilad, Yoav, Alon, Ran, Lior"
        ),
        _split(
            "Noa, Tamar, Maya, Shira, Yael, Michal, Talia, Adi, Noga, Hila, Gal, Liron, Dana,"
            " Keren, Inbal, Efrat, Merav, Ayelet, Shani, Orly"
        ),
        _split(
            "Cohen, Levi, Mizrahi, Peretz, Biton, Dahan, Avraham, Friedman, Katz, Azulay,"
            " Malka, Shapiro, Ben-David, Goldberg, Rosen, Segal, Weiss, Amar, Ohana, Ben-Ami,"
            " Shalom, Golan, Barak, Stern, Halevi, Navon, Sasson, Levy, Adler, Zur"
        ),
    ),
    "arabic": NameGroup(
        _split(
            "Mohammed, Ahmed, Omar, Ali, Khalid, Hassan, Youssef, Ibrahim, Tariq, Faisal,"
            " Rashid, Saeed, Karim, Hamza, Majid, Nabil, Sami, Walid, Ziad, Adel"
        ),
        _split(
            "Fatima, Aisha, Mariam, Noor, Layla, Sara, Huda, Amira, Yasmin, Hana, Rania,"
            " Salma, Dina, Leila, Mona, Reem, Lina, Nadia, Samira, Zainab"
        ),
        _split(
            "Al Mansouri, Al Hashimi, Haddad, Khoury, Nasser, Saleh, Hamdan, Rahman, Farouk,"
            " Aziz, Hussein, Mahmoud, Abdullah, Qasim, Al Suwaidi, Al Falasi, Al Nuaimi,"
            " Al Zaabi, Al Shamsi, Ibrahim, Khalil, Mansour, Sabbagh, Karam, Darwish, Yousef"
        ),
    ),
    "south_african": NameGroup(
        _split(
            "Thabo, Sipho, Themba, Mandla, Bongani, Lwazi, Pieter, Johan, Hendrik, Willem,"
            " Kagiso, Tshepo, Sibusiso, Andile, Jacques, Francois, Riaan, Ruan"
        ),
        _split(
            "Lerato, Nomvula, Thandiwe, Zanele, Palesa, Naledi, Annelie, Elmarie, Marike,"
            " Lindiwe, Nokuthula, Refilwe, Busisiwe, Karabo, Liezl, Anika"
        ),
        _split(
            "Botha, van der Merwe, Pretorius, du Plessis, Nel, Venter, Naidoo, Dlamini, Nkosi,"
            " Mokoena, Khumalo, Ndlovu, Mthembu, Zulu, Coetzee, Steyn, Fourie, Joubert, Kruger,"
            " Smit, Jacobs, Mahlangu, Molefe, Govender, Pillay"
        ),
    ),
}


def feminine_surname(group: str, last: str) -> str:
    """Polish family names in -ski/-cki/-dzki take -ska/-cka/-dzka for women."""
    if group == "polish" and last.endswith("ki"):
        return last[:-1] + "a"
    return last
